package io.connectexporter.it;

import com.typesafe.config.ConfigFactory;
import io.connectexporter.Exporter;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The exporter, in-process, pointed at a real test cluster, with helpers to scrape it. */
public final class ExporterUnderTest implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Exporter exporter;

  private ExporterUnderTest(Exporter exporter) {
    this.exporter = exporter;
  }

  /**
   * The HOCON config for a cluster, with every worker's Jolokia listed (the free ports are random).
   */
  public static String config(ConnectCluster cluster, String name, String pollInterval) {
    String endpoints =
        cluster.workers().stream()
            .map(w -> "{ worker = \"" + w.workerId() + "\", url = \"" + w.jolokiaUrl() + "\" }")
            .collect(Collectors.joining(", "));
    String restUrls =
        cluster.workers().stream()
            .map(ConnectWorker::restUrl)
            .map(u -> "\"" + u + "\"")
            .collect(Collectors.joining(", "));
    return "exporter { listen { host = \"127.0.0.1\", port = 0 }, poll { interval = "
        + pollInterval
        + ", deadline = "
        + pollInterval
        + " }\n"
        + "  clusters = [{ name = \""
        + name
        + "\", rest { urls = ["
        + restUrls
        + "], request-timeout = 3s },"
        + " jolokia { url-template = \"\", endpoints = ["
        + endpoints
        + "], request-timeout = 3s } }] }";
  }

  public static ExporterUnderTest start(ConnectCluster cluster, String name) throws IOException {
    ExporterConfig config =
        ConfigLoader.fromConfig(ConfigFactory.parseString(config(cluster, name, "1s")));
    return new ExporterUnderTest(Exporter.start(config));
  }

  /** The exporter with a HOCON config of the test's own (see {@link #config} for the shape). */
  public static ExporterUnderTest start(String hocon) throws IOException {
    return new ExporterUnderTest(
        Exporter.start(ConfigLoader.fromConfig(ConfigFactory.parseString(hocon))));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + exporter.port();
  }

  public HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("GET " + path + " failed", e);
    }
  }

  public PromText scrape() {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode());
    }
    return PromText.parse(r.body());
  }

  /** Scrapes until the condition holds on a snapshot, or fails with the last scrape's tail. */
  public PromText awaitScrape(String description, Duration timeout, Predicate<PromText> condition) {
    long end = System.nanoTime() + timeout.toNanos();
    PromText last = null;
    while (System.nanoTime() < end) {
      try {
        last = scrape();
        if (condition.test(last)) {
          return last;
        }
      } catch (AssertionError | RuntimeException e) {
        // not yet
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for: " + description);
  }

  /** Waits (up to 60 s) until the exporter on this port answers /-/ready with 200. */
  public static void awaitReady(int port) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("exporter on port " + port + " not ready after 60 s");
  }

  /** One line on what /metrics serves: series count, size, last poll duration. */
  public static String summary(int port) {
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      PromText m = PromText.parse(body);
      return m.samples().size()
          + " series, "
          + body.length() / 1024
          + " KiB; last poll took "
          + Math.round(m.sum("kafka_connect_exporter_poll_duration_seconds") * 1000)
          + " ms";
    } catch (IOException | InterruptedException e) {
      return "could not read /metrics: " + e;
    }
  }

  @Override
  public void close() {
    exporter.close();
  }
}
