package io.connectexporter.bench;

import io.connectexporter.bench.SimulatedConnectCluster.Size;
import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.it.PromText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scale benchmark: the exporter (the real jar, in its own JVM) against simulated clusters of
 * sizes S, M and L. Per size it reports poll-cycle wall time (p50, p99) and /metrics scrape time
 * while scraping once per poll, then exporter CPU, HTTP requests and bytes per poll over as many
 * polls with no scrape at all, series count, /metrics size, heap after GC and RSS. The simulator
 * runs in this JVM, on the same cores as the exporter: it competes for CPU, as Connect would.
 * Writes {@code target/benchmark/scale.md}.
 *
 * <p>{@code mvn -q package -DskipTests exec:java@scale-benchmark [-Dsizes=S,M,L -Dpolls=30
 * -Ddelay.ms=0]}
 */
public final class ScaleBenchmark {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long INTERVAL_MS = 2000;

  /** The exporter's JVM options: a bounded heap, as recommended for production (README). */
  private static final String JVM_ARGS = System.getProperty("exporter.jvm.args", "-Xmx512m");

  /** The sources each simulated cluster is read with (-Dsources=rest,jolokia,health). */
  private static final String SOURCES = System.getProperty("sources", "rest,jolokia,health");

  private ScaleBenchmark() {}

  record Result(
      Size size,
      double p50,
      double p99,
      double cpuPerPoll,
      double restPerPoll,
      double jolokiaPerPoll,
      double kibPerPoll,
      int series,
      double renderMs,
      double bodyKiB,
      double heapMiB,
      double rssMiB) {}

  public static void main(String[] args) throws Exception {
    List<String> sizes = Arrays.asList(System.getProperty("sizes", "S,M,L").split(","));
    int polls = Integer.getInteger("polls", 30);
    long delay = Long.getLong("delay.ms", 0);
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    List<Result> results = new ArrayList<>();
    for (Size size : List.of(Size.S, Size.M, Size.L)) {
      if (sizes.contains(size.name())) {
        results.add(run(size, polls, delay, jar));
      }
    }
    String table = table(results, polls, delay);
    Path out = Path.of("target", "benchmark", "scale.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    System.out.println(table);
    System.out.println("written to " + out);
  }

  static Result run(Size size, int polls, long delay, Path jar) throws Exception {
    System.out.printf(
        "== %s: %d workers, %d connectors, %d tasks%n",
        size.name(), size.workers(), size.connectors(), size.tasks());
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(size, delay)) {
      Path dir = Files.createDirectories(Path.of("target", "benchmark", size.name()));
      int port = io.connectexporter.it.ExternalServer.freePort();
      StringBuilder endpoints = new StringBuilder();
      for (int w = 0; w < size.workers(); w++) {
        endpoints
            .append(w == 0 ? "" : ", ")
            .append("{ worker = \"")
            .append(sim.workerId(w))
            .append("\", url = \"")
            .append(sim.jolokiaUrl(w))
            .append("\" }");
      }
      Files.writeString(
          dir.resolve("exporter.conf"),
          "exporter { listen { host = \"127.0.0.1\", port = "
              + port
              + " }, poll { interval = 2s, deadline = 2s, concurrency = 8 }\n clusters = [{ name = \""
              + size.name()
              + "\", sources = ["
              + SOURCES
              + "], rest.urls = [\""
              + sim.restUrl()
              + "\"], jolokia { url-template = \"\", endpoints = ["
              + endpoints
              + "] } }] }\n");
      List<String> command =
          new ArrayList<>(
              List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      command.addAll(Arrays.asList(JVM_ARGS.trim().split("\\s+")));
      command.addAll(
          List.of("-jar", jar.toString(), "--config", dir.resolve("exporter.conf").toString()));
      Process exporter =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("exporter.log").toFile())
              .start();
      try {
        ExporterUnderTest.awaitReady(port);
        String url = "http://127.0.0.1:" + port + "/metrics";
        // Warm up: JIT and connection setup.
        long last = awaitNextPoll(url, -1, null);
        for (int i = 0; i < 5; i++) {
          last = awaitNextPoll(url, last, null);
        }
        // Phase 1, latency: one scrape per poll, as Prometheus would at the same interval.
        List<Double> pollSeconds = new ArrayList<>();
        List<Double> renderMs = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
          double[] sample = new double[2];
          last = awaitNextPoll(url, last, sample);
          pollSeconds.add(sample[0]);
          renderMs.add(sample[1]);
        }
        // Phase 2, cost: CPU and traffic over the same number of polls with no scrape at all.
        double cpu0 = ProcessStats.cpuSeconds(exporter.pid());
        long req0 = sim.requests();
        long expand0 = sim.expandRequests();
        long jolokia0 = sim.jolokiaRequests();
        long bytes0 = sim.bytes();
        long first = last;
        Thread.sleep(polls * INTERVAL_MS);
        last = awaitNextPoll(url, last, null);
        double cpu = ProcessStats.cpuSeconds(exporter.pid()) - cpu0;
        long done = last - first;
        String body;
        body =
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        int series = (int) body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        double heap = ProcessStats.heapAfterGcMiB(exporter.pid());
        double rss = ProcessStats.rssMiB(exporter.pid());
        long expands = sim.expandRequests() - expand0; // one per poll, counted where it is served
        long restAll = sim.requests() - req0 - (sim.jolokiaRequests() - jolokia0);
        Result r =
            new Result(
                size,
                percentile(pollSeconds, 50),
                percentile(pollSeconds, 99),
                cpu / done,
                restAll / (double) expands,
                (sim.jolokiaRequests() - jolokia0) / (double) expands,
                (sim.bytes() - bytes0) / 1024.0 / done,
                series,
                percentile(renderMs, 50),
                body.length() / 1024.0,
                heap,
                rss);
        System.out.println(r);
        return r;
      } finally {
        exporter.destroy();
        exporter.waitFor();
      }
    }
  }

  /**
   * Waits until the exporter completed a poll after {@code after}, then scrapes once (as Prometheus
   * would) and records [poll seconds, scrape wall ms].
   */
  private static long awaitNextPoll(String url, long after, double[] sample) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    if (after >= 0) {
      Thread.sleep(
          INTERVAL_MS * 3 / 4); // the next poll is at least this far: don't scrape in between
    }
    while (System.nanoTime() < deadline) {
      // As Prometheus scrapes: its Accept header (OpenMetrics first), gzip asked, bytes read;
      // decompressed after the clock stops.
      long start = System.nanoTime();
      byte[] gz =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(url))
                      .header("Accept-Encoding", "gzip")
                      .header("Accept", JmxExporterComparison.PROMETHEUS_ACCEPT)
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      double ms = (System.nanoTime() - start) / 1e6;
      String body =
          new String(
              new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      PromText m = PromText.parse(body);
      long polls = (long) m.sum("kafka_connect_exporter_polls_total");
      if (polls > after) {
        if (sample != null) {
          sample[0] = m.sum("kafka_connect_exporter_poll_duration_seconds");
          sample[1] = ms;
        }
        return polls;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no poll completed in 120 s");
  }

  static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  static String table(List<Result> results, int polls, long delay) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Scale benchmark, %s, %d cores, %d polls per size, simulated response delay %d ms,"
                + " exporter JVM options `%s`%n%n",
            LocalDate.now(),
            Runtime.getRuntime().availableProcessors(),
            polls,
            delay,
            JVM_ARGS));
    b.append(
        "| size | workers / connectors / tasks | poll p50 | poll p99 | exporter CPU per poll | REST + Jolokia requests per poll "
            + "| KiB read per poll | series | /metrics scrape (gzip) | /metrics size | heap after GC | RSS |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d / %d / %d | %.0f ms | %.0f ms | %.3f s | %.2f + %.2f | %.0f | %d | %.0f ms | %.0f KiB | %.0f MiB | %.0f MiB |%n",
              r.size().name(),
              r.size().workers(),
              r.size().connectors(),
              r.size().tasks(),
              r.p50() * 1000,
              r.p99() * 1000,
              r.cpuPerPoll(),
              r.restPerPoll(),
              r.jolokiaPerPoll(),
              r.kibPerPoll(),
              r.series(),
              r.renderMs(),
              r.bodyKiB(),
              r.heapMiB(),
              r.rssMiB()));
    }
    return b.toString();
  }
}
