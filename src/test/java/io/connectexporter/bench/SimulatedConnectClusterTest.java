package io.connectexporter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.bench.SimulatedConnectCluster.Size;
import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.metrics.ExporterMetrics;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.sources.Sources;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.sources.rest.RestParser;
import io.connectexporter.sources.rest.RestScraper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator answers like a real cluster, so the benchmark measures the real code paths. */
class SimulatedConnectClusterTest {

  @Test
  void answersParseLikeTheRealOnesAndCountersGrow() throws Exception {
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(Size.S, 0)) {
      JolokiaRequest request =
          JolokiaRequest.of(
              ConnectMBeans.CATALOG.reads(new MetricSelection(MetricsSettings.DEFAULT, false)));
      List<WorkerJmx> workers = new ArrayList<>();
      for (int w = 0; w < Size.S.workers(); w++) {
        JolokiaResponseParser.Parsed parsed =
            JolokiaResponseParser.parse(
                new java.io.ByteArrayInputStream(sim.jolokiaBody(w, request.body())), request);
        assertEquals(List.of(), parsed.errors());
        workers.add(new WorkerJmx(sim.workerId(w), parsed.readings()));
      }
      for (MBeanGroup g : ConnectMBeans.CATALOG.groups()) {
        assertTrue(
            workers.stream().flatMap(w -> w.readings().stream()).anyMatch(r -> r.group().equals(g)),
            g.objectNamePattern());
      }
      RestSnapshot rest =
          new RestSnapshot(
              "4.3.1",
              "c",
              "k",
              RestParser.expanded(new java.io.ByteArrayInputStream(sim.restBodies()[1]))
                  .connectors());
      assertEquals(Size.S.connectors(), rest.connectors().size());
      ClusterNormalizer normalizer = FirstPoll.normalizer(false);
      SeriesSet first =
          FirstPoll.normalize(
              normalizer,
              new ClusterSnapshot("sim", 0, 0, 1, rest, Map.of("jolokia", workers), List.of()));
      assertEquals(0, first.duplicatesDropped());
      assertEquals(
          0.0,
          first.get(ExporterMetrics.LINGERING_MBEANS).values().stream().mapToDouble(d -> d).sum(),
          "every task's MBeans are on the worker REST names");
      assertTrue(first.size() > 40 * Size.S.tasks() / 2);
      List<WorkerJmx> again = new ArrayList<>();
      for (int w = 0; w < Size.S.workers(); w++) {
        again.add(
            new WorkerJmx(
                sim.workerId(w),
                JolokiaResponseParser.parse(
                        new java.io.ByteArrayInputStream(sim.jolokiaBody(w, request.body())),
                        request)
                    .readings()));
      }
      SeriesSet second =
          FirstPoll.normalize(
              normalizer,
              new ClusterSnapshot("sim", 0, 0, 2, rest, Map.of("jolokia", again), List.of()));
      var spec =
          Sources.contract().stream()
              .filter(m -> m.name().equals("kafka_connect_source_task_records_polled_total"))
              .findFirst()
              .orElseThrow();
      double before = first.get(spec).values().stream().mapToDouble(d -> d).sum();
      assertTrue(
          second.get(spec).values().stream().mapToDouble(d -> d).sum() > before,
          "counters grow between polls");

      // The per-connector calls of Connect < 2.3 are served too, and agree with the expand answer.
      HttpSettings http =
          new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, true, 1 << 24);
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      try (HttpGetter getter = new HttpGetter(http, 2)) {
        HttpGetter.BodyParser<com.fasterxml.jackson.databind.JsonNode> tree = json::readTree;
        assertFalse(
            getter
                .get(
                    sim.restUrl() + "/connectors", Duration.ofMinutes(1), Cancellation.none(), tree)
                .isEmpty());
        String name = rest.connectors().get(0).name();
        assertEquals(
            rest.connectors().get(0),
            RestParser.connector(
                name,
                getter.get(
                    sim.restUrl() + "/connectors/" + name + "/status",
                    Duration.ofMinutes(1),
                    Cancellation.none(),
                    tree),
                getter.get(
                    sim.restUrl() + "/connectors/" + name,
                    Duration.ofMinutes(1),
                    Cancellation.none(),
                    tree)));
        ClusterConfig config =
            new ClusterConfig(
                "sim",
                List.of("rest", "jolokia"),
                List.of(URI.create(sim.restUrl())),
                http,
                null,
                List.of(),
                http,
                1_000_000,
                MetricsSettings.DEFAULT,
                AutoRestartSettings.OFF);
        assertEquals(
            rest.connectors(),
            new RestScraper(config, getter)
                .poll(Cancellation.none(), Duration.ofSeconds(5))
                .snapshot()
                .connectors());
      }
    }
  }

  @Test
  void churnChangesRestAndJolokiaAndFaultsFailTheAgent() throws Exception {
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(Size.S, 0)) {
      JolokiaRequest request =
          JolokiaRequest.of(
              ConnectMBeans.CATALOG.reads(new MetricSelection(MetricsSettings.DEFAULT, false)));
      SimulatedConnectCluster.Churn churn = sim.churn(3, 2);
      assertEquals(3, churn.deleted().size());
      assertEquals(2, churn.created().size());
      assertEquals(Size.S.connectors() - 1, sim.connectorNames().size());
      RestSnapshot rest =
          new RestSnapshot(
              "4.3.1",
              "c",
              "k",
              RestParser.expanded(new java.io.ByteArrayInputStream(sim.restBodies()[1]))
                  .connectors());
      List<String> names = rest.connectors().stream().map(c -> c.name()).toList();
      assertTrue(names.containsAll(churn.created()));
      churn.deleted().forEach(d -> assertFalse(names.contains(d), d));
      String jmx =
          new String(sim.jolokiaBody(0, request.body()))
              + new String(sim.jolokiaBody(1, request.body()));
      churn.deleted().forEach(d -> assertFalse(jmx.contains("connector=" + d + ","), d));
      churn.created().forEach(c -> assertTrue(jmx.contains("connector=" + c + ","), c));

      HttpSettings http =
          new HttpSettings(
              Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, false, 1 << 24);
      try (HttpGetter getter = new HttpGetter(http, 2)) {
        String url = sim.jolokiaUrl(0);
        byte[] body = request.body();
        HttpGetter.BodyParser<JolokiaResponseParser.Parsed> parse =
            in -> JolokiaResponseParser.parse(in, request);
        HttpGetter.BodyParser<byte[]> bytes = java.io.InputStream::readAllBytes;
        sim.setFault(0, SimulatedConnectCluster.Fault.REFUSE);
        assertEquals(
            "refused",
            assertThrows(
                    ScrapeException.class,
                    () -> getter.postJson(url, body, Cancellation.none(), parse))
                .reason());
        sim.setFault(0, SimulatedConnectCluster.Fault.NONE);
        assertEquals(url, sim.jolokiaUrl(0), "the same port again");
        assertEquals(List.of(), getter.postJson(url, body, Cancellation.none(), parse).errors());
        sim.setFault(0, SimulatedConnectCluster.Fault.HANG);
        assertEquals(
            "timeout",
            assertThrows(
                    ScrapeException.class,
                    () -> getter.postJson(url, body, Cancellation.none(), parse))
                .reason());
        sim.setFault(0, SimulatedConnectCluster.Fault.HOSTILE);
        // In turn: a drip (a byte every 100 ms: no socket timeout fires, only a poll deadline cuts
        // it), truncated
        // JSON, HTTP 500.
        long start = System.nanoTime();
        byte[] dripped = getter.postJson(url, body, Cancellation.none(), bytes);
        assertTrue(System.nanoTime() - start > 3_000_000_000L, "drips for 4 s");
        assertThrows(
            Exception.class,
            () -> JolokiaResponseParser.parse(new java.io.ByteArrayInputStream(dripped), request));
        assertEquals(
            "unparsable",
            assertThrows(
                    ScrapeException.class,
                    () -> getter.postJson(url, body, Cancellation.none(), parse))
                .reason());
        assertEquals(
            "http_500",
            assertThrows(
                    ScrapeException.class,
                    () -> getter.postJson(url, body, Cancellation.none(), parse))
                .reason());
      }
    }
  }
}
