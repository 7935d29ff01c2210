package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.testcluster.ConnectCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users run it: java -jar with --config, ready after a poll, clean stop on SIGTERM.
 */
class ExporterProcessIT {

  private static Path jar() {
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar);
    return jar;
  }

  private static Process java(Path log, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                jar().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Test
  void runsFromTheJarAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = ConnectCluster.shared();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("exporter.conf");
    Files.writeString(
        config,
        ExporterUnderTest.config(cluster, "jar", "2s").replace("port = 0", "port = " + port));
    Path log = dir.resolve("exporter.log");
    Process p = java(log, "--config", config.toString());
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int status = 0;
      while (System.nanoTime() < end && status != 200) {
        try {
          status =
              http.send(
                      HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(300);
      }
      assertEquals(200, status, "ready after the first poll; log:\n" + Files.readString(log));
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      PromText m = PromText.parse(metrics);
      assertEquals(
          1.0, m.value("kafka_connect_exporter_target_up", "cluster", "jar", "source", "rest"));
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_exporter_build_info",
              "version",
              "0.1.0-SNAPSHOT",
              "java_version",
              System.getProperty("java.version")));
    } finally {
      p.destroy(); // SIGTERM
    }
    assertTrue(p.waitFor(15, TimeUnit.SECONDS), "exits promptly on SIGTERM");
    assertEquals(143, p.exitValue(), "JVM exit status for SIGTERM after shutdown hooks");
    assertTrue(Files.readString(log).contains("shutting down"), Files.readString(log));
  }

  @Test
  void badConfigStopsStartupNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.conf");
    Files.writeString(
        config,
        "exporter.clusters = [{ name = a, rest.urls = [\"http://a:8083\"], jolokia.urltemplate = x }]");
    Path log = dir.resolve("out.log");
    Process p = java(log, "--config", config.toString(), "--check-config");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    String out = Files.readString(log);
    assertTrue(out.contains("exporter.clusters[0].jolokia.urltemplate: unknown key"), out);
  }
}
