package io.connectexporter.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus or Alertmanager (Debian packages) started on a free 127.0.0.1 port with a
 * config written by the test, and stopped by its pid.
 */
public final class ExternalServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path log;

  private ExternalServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Prometheus scraping the exporter every second, evaluating the given rule files. */
  public static ExternalServer prometheus(
      Path dir, int exporterPort, int alertmanagerPort, List<Path> ruleFiles) throws Exception {
    return prometheus(
        dir,
        "  - job_name: kafka-connect-exporter\n    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + exporterPort
            + "']\n",
        alertmanagerPort,
        ruleFiles);
  }

  /**
   * Prometheus as above with the test's own {@code scrape_configs} entries (YAML, indented two
   * spaces).
   */
  public static ExternalServer prometheus(
      Path dir, String scrapeConfigs, int alertmanagerPort, List<Path> ruleFiles) throws Exception {
    int port = freePort();
    StringBuilder rules = new StringBuilder();
    for (Path r : ruleFiles) {
      rules.append("  - ").append(r.toAbsolutePath()).append('\n');
    }
    String config =
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            + "rule_files:\n"
            + rules
            + "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:"
            + alertmanagerPort
            + "']\n"
            + "scrape_configs:\n"
            + scrapeConfigs;
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    return start(
        dir,
        "prometheus",
        port,
        List.of(
            Promtool.binary("prometheus"),
            "--config.file=" + file,
            "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn"));
  }

  /**
   * Alertmanager loaded with the given configuration file (checked by Alertmanager itself at
   * start).
   */
  public static ExternalServer alertmanager(Path dir, Path configFile) throws Exception {
    int port = freePort();
    return start(
        dir,
        "alertmanager",
        port,
        List.of(
            Promtool.binary("prometheus-alertmanager"),
            "--config.file=" + configFile.toAbsolutePath(),
            "--storage.path=" + dir.resolve("alertmanager-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address=",
            "--log.level=warn"));
  }

  private static ExternalServer start(Path dir, String name, int port, List<String> command)
      throws Exception {
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ExternalServer server = new ExternalServer(p, port, log);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return server;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(200);
    }
    server.close();
    throw new IllegalStateException(name + " not ready after 60 s:\n" + Files.readString(log));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  /** Runs an instant query; returns Prometheus' whole answer (status, data or error). */
  public JsonNode query(String promql) throws Exception {
    return getJson("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
