package io.connectexporter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.ListenSecurity;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.it.PromText;
import io.connectexporter.metrics.ExporterInfoCollector;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.poll.FirstPoll;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** /metrics served from pre-rendered bytes says the same as the live-rendered formats. */
class ExporterHttpServerTest {

  private static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,"
          + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private final HttpClient http = HttpClient.newHttpClient();

  private static List<String> sortedLines(String exposition) {
    return exposition.lines().sorted().toList();
  }

  private HttpResponse<byte[]> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void cachedTextGzipAndLiveOpenMetricsAgree() throws Exception {
    SnapshotStore store = new SnapshotStore(Set.of("test"));
    long[] now = {1_000_000};
    PollHealth health =
        new PollHealth(Set.of("test"), java.time.Duration.ofSeconds(1), 3, () -> now[0]);
    try (ExporterHttpServer server =
        ExporterHttpServer.start(
            "127.0.0.1",
            0,
            EndpointSecurity.of(ListenSecurity.NONE),
            store,
            health,
            new ExporterInfoCollector(store, health, () -> now[0], "1.2.3"),
            new StatusPage(
                java.util.List.of("test"),
                new io.connectexporter.state.LatestPolls(),
                c -> AutoRestartStatus.OFF,
                java.time.Duration.ofSeconds(1),
                () -> now[0],
                "1.2.3"))) {
      assertEquals(
          503, get(server.port(), "/-/ready").statusCode(), "not ready before the first poll");
      store.publish(
          "test",
          FirstPoll.normalize(FirstPoll.normalizer(false), Fixtures.snapshot("4.3.1")),
          now[0] - 2500);
      assertEquals(200, get(server.port(), "/-/ready").statusCode());
      assertEquals(200, get(server.port(), "/-/healthy").statusCode());

      HttpResponse<byte[]> plain = get(server.port(), "/metrics");
      assertEquals(
          "text/plain; version=0.0.4; charset=utf-8",
          plain.headers().firstValue("Content-Type").orElse(""));
      PromText text = PromText.parse(new String(plain.body()));
      assertEquals(
          2.5, text.value("kafka_connect_exporter_snapshot_age_seconds", "cluster", "test"));
      assertEquals(
          1.0,
          text.value(
              "kafka_connect_exporter_build_info",
              "version",
              "1.2.3",
              "java_version",
              System.getProperty("java.version")));

      HttpResponse<byte[]> gz = get(server.port(), "/metrics", "Accept-Encoding", "gzip");
      assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
      byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
      assertEquals(
          new String(plain.body()),
          new String(unzipped),
          "both gzip members decode to the same text");

      HttpResponse<byte[]> om =
          get(server.port(), "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
      String openMetrics = new String(om.body());
      assertTrue(openMetrics.strip().endsWith("# EOF"));
      long textSeries = text.samples().size();
      long omSeries = openMetrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
      assertEquals(textSeries, omSeries, "same series in both formats");

      // What Prometheus sends on every scrape: served from pre-rendered bytes, saying what the
      // client library's handler would say (same Content-Type, same families and samples).
      HttpResponse<byte[]> prometheus =
          get(server.port(), "/metrics", "Accept", PROMETHEUS_ACCEPT, "Accept-Encoding", "gzip");
      assertEquals("gzip", prometheus.headers().firstValue("Content-Encoding").orElse(""));
      String scraped =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(prometheus.body())).readAllBytes(),
              StandardCharsets.UTF_8);
      assertEquals(openMetrics, scraped, "gzip or not, the same OpenMetrics");
      assertEquals(1, scraped.lines().filter(l -> l.equals("# EOF")).count());
      assertTrue(scraped.endsWith("# EOF\n"));
      List<MetricSnapshot> all = new ArrayList<>();
      store.rendered().snapshots().forEach(all::add);
      new ExporterInfoCollector(store, health, () -> now[0], "1.2.3").collect().forEach(all::add);
      ByteArrayOutputStream client = new ByteArrayOutputStream();
      OpenMetricsTextFormatWriter.create().write(client, new MetricSnapshots(all));
      assertEquals(sortedLines(client.toString(StandardCharsets.UTF_8)), sortedLines(scraped));
      HttpResponse<byte[]> live =
          get(
              server.port(),
              "/metrics?name%5B%5D=kafka_connect_connector_state",
              "Accept",
              PROMETHEUS_ACCEPT);
      assertEquals(
          live.headers().firstValue("Content-Type").orElse("live"),
          prometheus.headers().firstValue("Content-Type").orElse("cached"));

      HttpResponse<byte[]> filtered =
          get(server.port(), "/metrics?name%5B%5D=kafka_connect_connector_state");
      java.util.Set<String> names = new java.util.TreeSet<>();
      PromText.parse(new String(filtered.body())).samples().forEach(s -> names.add(s.name()));
      // The client library's name[] filter (it also lets the info family whose base name prefixes
      // it through).
      assertTrue(
          names.contains("kafka_connect_connector_state")
              && !names.contains("kafka_connect_task_state"),
          names.toString());

      HttpResponse<byte[]> status = get(server.port(), "/");
      assertEquals(200, status.statusCode());
      assertEquals(
          "text/html; charset=utf-8", status.headers().firstValue("Content-Type").orElse(""));
      assertTrue(
          new String(status.body()).contains("<section class=\"cluster\" data-cluster=\"test\">"));
      assertEquals(404, get(server.port(), "/nothing-here").statusCode());

      health.completed("test", now[0]);
      now[0] += 3_001; // three poll intervals without a completed poll
      HttpResponse<byte[]> unhealthy = get(server.port(), "/-/healthy");
      assertEquals(503, unhealthy.statusCode());
      assertTrue(new String(unhealthy.body()).contains("[test]"), new String(unhealthy.body()));
    }
  }

  @Test
  void eachPublishIsServedInBothFormatsWhicheverWasAskedForBefore() throws Exception {
    SnapshotStore store = new SnapshotStore(Set.of("test"));
    long[] now = {1_000_000};
    PollHealth health =
        new PollHealth(Set.of("test"), java.time.Duration.ofSeconds(1), 3, () -> now[0]);
    try (ExporterHttpServer server =
        ExporterHttpServer.start(
            "127.0.0.1",
            0,
            EndpointSecurity.of(ListenSecurity.NONE),
            store,
            health,
            new ExporterInfoCollector(store, health, () -> now[0], "1.2.3"),
            new StatusPage(
                java.util.List.of("test"),
                new io.connectexporter.state.LatestPolls(),
                c -> AutoRestartStatus.OFF,
                java.time.Duration.ofSeconds(1),
                () -> now[0],
                "1.2.3"))) {
      String[] versions = {"4.3.1", "3.9.2", "4.3.1"};
      for (int i = 0; i < versions.length; i++) {
        store.publish(
            "test",
            FirstPoll.normalize(FirstPoll.normalizer(false), Fixtures.snapshot(versions[i])),
            now[0]);
        // Alternate which format is asked for first after a publish: Prometheus, then a plain
        // client.
        String first = i % 2 == 0 ? PROMETHEUS_ACCEPT : "text/plain";
        String second = i % 2 == 0 ? "text/plain" : PROMETHEUS_ACCEPT;
        String a =
            new String(
                get(server.port(), "/metrics", "Accept", first).body(), StandardCharsets.UTF_8);
        String b =
            new String(
                get(server.port(), "/metrics", "Accept", second).body(), StandardCharsets.UTF_8);
        String openMetrics = i % 2 == 0 ? a : b;
        String text = i % 2 == 0 ? b : a;
        assertTrue(openMetrics.endsWith("# EOF\n") && !text.contains("# EOF"), "publish " + i);
        List<String> omSamples =
            openMetrics.lines().filter(l -> !l.startsWith("#")).sorted().toList();
        List<String> textSamples = text.lines().filter(l -> !l.startsWith("#")).sorted().toList();
        assertEquals(textSamples, omSamples, "publish " + i + ": the same samples in both formats");
        assertTrue(
            text.contains("version=\"" + versions[i]),
            "publish " + i + " of Kafka " + versions[i] + " is served");
      }
    }
  }
}
