package io.connectexporter.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The exporter jar running in its own JVM for a benchmark, on 127.0.0.1. It never outlives the
 * benchmark: {@link #close} stops it by pid (SIGTERM, then SIGKILL after 10 s), a shutdown hook
 * does the same on Ctrl-C, and a small watchdog shell (also stopped by pid) kills it within 1 s if
 * the benchmark JVM is killed outright.
 */
final class ExporterProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Process watchdog;
  private final Thread hook;
  private final int port;
  private final Path log;

  private ExporterProcess(Process process, Process watchdog, Thread hook, int port, Path log) {
    this.process = process;
    this.watchdog = watchdog;
    this.hook = hook;
    this.port = port;
    this.log = log;
  }

  /** A free port on 127.0.0.1 (closed again before the exporter binds it). */
  static int freePort() throws IOException {
    return io.connectexporter.it.ExternalServer.freePort();
  }

  /**
   * Writes {@code config} to {@code dir/exporter.conf} and starts the jar with {@code jvmArgs};
   * stdout and stderr go to {@code dir/exporter.log}.
   */
  static ExporterProcess start(Path jar, List<String> jvmArgs, Path dir, String config, int port)
      throws IOException {
    Files.createDirectories(dir);
    Path conf = dir.resolve("exporter.conf");
    Files.writeString(conf, config);
    Path log = dir.resolve("exporter.log");
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString(), "--config", conf.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long me = ProcessHandle.current().pid();
    long child = process.pid();
    Process watchdog =
        new ProcessBuilder(
                "sh",
                "-c",
                "while kill -0 "
                    + me
                    + " 2>/dev/null && kill -0 "
                    + child
                    + " 2>/dev/null; do sleep 1; done; kill "
                    + child
                    + " 2>/dev/null; exit 0")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Thread hook = new Thread(() -> stop(process, watchdog), "stop-exporter-" + child);
    Runtime.getRuntime().addShutdownHook(hook);
    return new ExporterProcess(process, watchdog, hook, port, log);
  }

  /** JVM options from a space-separated property value. */
  /**
   * The JVM option that makes the exporter log one DEBUG line per poll ("poll took 0.26 s, 205877
   * series"), which the benchmarks read for every poll's duration and series: nothing sampled or
   * missed.
   */
  static String pollLineLogging(Path dir) throws IOException {
    Path logback = dir.resolve("logback.xml");
    Files.writeString(
        logback,
        """
        <configuration>
          <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.hc" level="WARN"/>
          <logger name="io.connectexporter.PollLoop" level="DEBUG"/>
          <root level="INFO"><appender-ref ref="STDERR"/></root>
        </configuration>
        """);
    return "-Dlogback.configurationFile=" + logback.toAbsolutePath();
  }

  static List<String> split(String options) {
    return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit code, or null while it runs. */
  Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /**
   * Whether the exporter's output mentions an OutOfMemoryError (what -XX:+ExitOnOutOfMemoryError
   * prints).
   */
  boolean diedOfOom() throws IOException {
    return Files.exists(log)
        && Files.readString(log, StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
  }

  /**
   * Waits until /-/ready answers 200: true; false if the process died or {@code timeout} passed.
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && process.isAlive()) {
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/-/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    return false;
  }

  /** One /metrics scrape as Prometheus does it (gzip asked), with its wire size and wall time. */
  record Scrape(String text, int gzipBytes, double millis) {}

  Scrape scrape() throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/metrics"))
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - start) / 1e6;
    if (r.statusCode() != 200) {
      throw new IOException("/metrics answered " + r.statusCode());
    }
    byte[] body = r.body();
    boolean gzip =
        r.headers().firstValue("Content-Encoding").map(e -> e.contains("gzip")).orElse(false);
    byte[] plain = gzip ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
    return new Scrape(new String(plain, StandardCharsets.UTF_8), body.length, ms);
  }

  /** A /metrics scrape (gzip asked) read as a stream: nothing of the body is held. */
  record Counted(long gzipBytes, long textBytes, long series, double millis) {}

  Counted scrapeCounted() throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<java.io.InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/metrics"))
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(120))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      r.body().close();
      throw new IOException("/metrics answered " + r.statusCode());
    }
    boolean gzip =
        r.headers().firstValue("Content-Encoding").map(e -> e.contains("gzip")).orElse(false);
    long[] wire = {0};
    java.io.InputStream counting =
        new java.io.FilterInputStream(r.body()) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            wire[0] += b < 0 ? 0 : 1;
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            wire[0] += Math.max(0, n);
            return n;
          }
        };
    long text = 0;
    long series = 0;
    try (java.io.InputStream in = gzip ? new GZIPInputStream(counting, 1 << 16) : counting) {
      byte[] buf = new byte[1 << 16];
      boolean lineStart = true;
      boolean counted = false;
      for (int n; (n = in.read(buf)) > 0; ) {
        text += n;
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (lineStart && b != '#' && b != '\n') {
            counted = true;
          }
          if (b == '\n') {
            series += counted ? 1 : 0;
            counted = false;
            lineStart = true;
          } else {
            lineStart = false;
          }
        }
      }
    }
    return new Counted(wire[0], text, series, (System.nanoTime() - start) / 1e6);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private static void stop(Process process, Process watchdog) {
    try {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM: the exporter shuts down cleanly
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      // The watchdog ends by itself within a second of the exporter (no orphaned sleep left
      // behind).
      if (!watchdog.waitFor(5, TimeUnit.SECONDS)) {
        watchdog.destroy();
        watchdog.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(process, watchdog);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
