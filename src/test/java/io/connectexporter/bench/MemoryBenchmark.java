package io.connectexporter.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.connectexporter.bench.SimulatedConnectCluster.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Heap per series: for each size, a simulated cluster with that many connectors (1 task each,
 * spread over 10 workers) and the exporter jar in its own JVM ({@code -Xmx512m
 * -XX:+ExitOnOutOfMemoryError}, poll interval 30 s, deadline 25 s). It waits for the exporter to be
 * ready and to complete a second poll (so the old snapshot, the new one and a render all met in the
 * heap once), scrapes /metrics three times as Prometheus does (gzip), then records series, heap
 * after a forced full GC, RSS, poll duration, /metrics size and whether the exporter survived. A
 * death (e.g. OutOfMemoryError) is reported with its exit code and the stage it reached; every wait
 * is bounded. Writes {@code target/benchmark/memory.md} (rewritten after each size).
 *
 * <p>The simulator streams its answers and keeps only the connector list, so it runs in Maven's
 * default heap even at 60 000 connectors (no {@code MAVEN_OPTS} needed).
 *
 * <p>{@code mvn -q package -DskipTests exec:java@memory-benchmark
 * [-Dconnectors=1000,10000,30000,60000 -Dworkers=10 -Dexporter.jvm.args="-Xmx512m
 * -XX:+ExitOnOutOfMemoryError"]}
 */
public final class MemoryBenchmark {

  private static final Pattern POLL_LINE =
      Pattern.compile("poll took ([0-9.Ee-]+) s, (\\d+) series");
  private static final String JVM_ARGS =
      System.getProperty("exporter.jvm.args", "-Xmx512m -XX:+ExitOnOutOfMemoryError");

  private MemoryBenchmark() {}

  record Result(
      int connectors,
      int workers,
      String outcome,
      long series,
      double heapMiB,
      double rssMiB,
      double rssPeakMiB,
      double pollSeconds,
      double textKiB,
      double gzipKiB,
      double scrapeMs,
      double readySeconds) {

    double bytesPerSeries() {
      return series > 0 && !Double.isNaN(heapMiB) ? heapMiB * 1024 * 1024 / series : Double.NaN;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes =
        Arrays.stream(System.getProperty("connectors", "1000,10000,30000,60000").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    int workers = Integer.getInteger("workers", 10);
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    String extra = maxSeriesOverride(jar);
    List<Result> results = new ArrayList<>();
    Path out = Path.of("target", "benchmark", "memory.md");
    Files.createDirectories(out.getParent());
    for (int n : sizes) {
      Result r = run(n, workers, jar, extra);
      results.add(r);
      Files.writeString(out, table(results, extra));
    }
    String table = table(results, extra);
    System.out.println();
    System.out.println(table);
    System.out.println("written to " + out);
  }

  /**
   * If the exporter has a {@code max-series} key (anywhere under {@code exporter}, outside {@code
   * clusters}), the config lines that set it generously, so the benchmark measures memory and not
   * the limit; empty if it has none.
   */
  static String maxSeriesOverride(Path jar) throws IOException {
    String reference;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entry = zip.getEntry("reference.conf");
      if (entry == null) {
        return "";
      }
      reference = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
    Config config = ConfigFactory.parseString(reference).resolve();
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String path = e.getKey();
      if (path.startsWith("exporter.")
          && path.endsWith("max-series")
          && !path.startsWith("exporter.clusters")) {
        lines.append(path).append(" = 100000000\n");
      }
    }
    return lines.toString();
  }

  static Result run(int connectors, int workers, Path jar, String extra) throws Exception {
    Size size = new Size(connectors + "c", workers, connectors, connectors);
    System.out.printf("== %d connectors, %d tasks, %d workers%n", connectors, connectors, workers);
    Path dir = Files.createDirectories(Path.of("target", "benchmark", "memory-" + connectors));
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(size, 0)) {
      int port = ExporterProcess.freePort();
      StringBuilder endpoints = new StringBuilder();
      for (int w = 0; w < workers; w++) {
        endpoints
            .append(w == 0 ? "" : ", ")
            .append("{ worker = \"")
            .append(sim.workerId(w))
            .append("\", url = \"")
            .append(sim.jolokiaUrl(w))
            .append("\" }");
      }
      String config =
          "exporter { listen { host = \"127.0.0.1\", port = "
              + port
              + " }\n"
              + "  poll { interval = 30s, deadline = 25s, concurrency = 8 }\n"
              + "  clusters = [{ name = \"mem\", rest { urls = [\""
              + sim.restUrl()
              + "\"], request-timeout = 25s },"
              + " jolokia { url-template = \"\", request-timeout = 25s, endpoints = ["
              + endpoints
              + "] } }] }\n"
              + extra;
      List<String> jvmArgs = new ArrayList<>(ExporterProcess.split(JVM_ARGS));
      jvmArgs.add(ExporterProcess.pollLineLogging(dir));
      long start = System.nanoTime();
      double[] rssPeak = {0};
      try (ExporterProcess exporter = ExporterProcess.start(jar, jvmArgs, dir, config, port)) {
        Thread sampler =
            new Thread(
                () -> {
                  while (exporter.alive()) {
                    try {
                      rssPeak[0] = Math.max(rssPeak[0], ProcessStats.rssMiB(exporter.pid()));
                      Thread.sleep(500);
                    } catch (IOException | InterruptedException e) {
                      return;
                    }
                  }
                },
                "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        boolean ready = exporter.awaitReady(Duration.ofSeconds(300));
        double readySeconds = (System.nanoTime() - start) / 1e9;
        if (!ready) {
          return dead(connectors, workers, exporter, false, rssPeak[0], start);
        }
        System.out.printf("ready after %.0f s; waiting for the second poll%n", readySeconds);
        // The second poll: the first snapshot is still served while the next one is built.
        long waitEnd = System.nanoTime() + Duration.ofSeconds(30 + 25 + 120).toNanos();
        double[] poll = {Double.NaN, 0};
        int polls = 0;
        while (System.nanoTime() < waitEnd && exporter.alive()) {
          polls = polls(exporter.log(), poll);
          if (polls >= 2) {
            break;
          }
          Thread.sleep(1000);
        }
        if (polls < 2) {
          return dead(connectors, workers, exporter, true, rssPeak[0], start);
        }
        ExporterProcess.Counted scrape = null;
        double scrapeMs = Double.MAX_VALUE;
        for (int i = 0; i < 3 && exporter.alive(); i++) {
          scrape = exporter.scrapeCounted();
          scrapeMs = Math.min(scrapeMs, scrape.millis());
        }
        if (!exporter.alive() || scrape == null) {
          return dead(connectors, workers, exporter, true, rssPeak[0], start);
        }
        double heap = ProcessStats.heapAfterGcMiB(exporter.pid());
        double rss = ProcessStats.rssMiB(exporter.pid());
        if (!exporter.alive()) {
          return dead(connectors, workers, exporter, true, rssPeak[0], start);
        }
        Result r =
            new Result(
                connectors,
                workers,
                "survived",
                scrape.series(),
                heap,
                rss,
                Math.max(rssPeak[0], rss),
                poll[0],
                scrape.textBytes() / 1024.0,
                scrape.gzipBytes() / 1024.0,
                scrapeMs,
                readySeconds);
        System.out.println(r);
        return r;
      }
    }
  }

  /** Exporter polls logged so far; poll[0] = the last one's duration (s), poll[1] = its series. */
  private static int polls(Path log, double[] poll) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    Matcher m = POLL_LINE.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
    int n = 0;
    while (m.find()) {
      n++;
      poll[0] = Double.parseDouble(m.group(1));
      poll[1] = Double.parseDouble(m.group(2));
    }
    return n;
  }

  /**
   * The outcome of a run that did not get its figures: how the exporter ended, when, and how far it
   * got (ready or not, polls it logged; /-/ready turns 200 when the first poll is published, just
   * before its rendering, so "ready, 0 polls logged" means it died rendering the first snapshot).
   */
  private static Result dead(
      int connectors,
      int workers,
      ExporterProcess exporter,
      boolean ready,
      double rssPeak,
      long startNanos)
      throws IOException, InterruptedException {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double[] poll = {Double.NaN, 0};
    int polls = polls(exporter.log(), poll);
    String progress = (ready ? "after /-/ready" : "never ready") + ", " + polls + " polls logged";
    Integer exit = exporter.exitCode();
    if (exit == null) {
      // Alive but stuck (not ready / no second poll in time): that is the outcome; close() stops
      // it.
      System.out.printf("exporter still running but stuck: %s%n", progress);
      return new Result(
          connectors,
          workers,
          "stuck (" + progress + ")",
          (long) poll[1],
          Double.NaN,
          ProcessStats.rssMiB(exporter.pid()),
          rssPeak,
          poll[0],
          Double.NaN,
          Double.NaN,
          Double.NaN,
          seconds);
    }
    String outcome =
        (exporter.diedOfOom() ? "OOM" : "died")
            + ", exit "
            + exit
            + String.format(Locale.ROOT, " at %.0f s (", seconds)
            + progress
            + ")";
    System.out.printf("exporter %s (log: %s)%n", outcome, exporter.log());
    return new Result(
        connectors,
        workers,
        outcome,
        (long) poll[1],
        Double.NaN,
        Double.NaN,
        rssPeak,
        poll[0],
        Double.NaN,
        Double.NaN,
        Double.NaN,
        seconds);
  }

  static String table(List<Result> results, String extra) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Memory benchmark, %s, %d cores, exporter JVM options `%s`, poll interval 30 s,"
                + " deadline 25 s, 1 task per connector%s%n%n",
            LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES),
            Runtime.getRuntime().availableProcessors(),
            JVM_ARGS,
            extra.isEmpty()
                ? " (the exporter has no max-series key)"
                : ", " + extra.trim().replace('\n', ',')));
    b.append(
        "| connectors / workers | outcome | series | heap after full GC | heap bytes per series | RSS | RSS peak "
            + "| poll duration | /metrics size (text / gzip) | /metrics scrape (gzip) | time to ready (or to the end) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d / %d | %s | %s | %s | %s | %s | %.0f MiB | %s | %s | %s | %.0f s |%n",
              r.connectors(),
              r.workers(),
              r.outcome().startsWith("survived") ? "survived" : "**" + r.outcome() + "**",
              r.series() > 0 ? Long.toString(r.series()) : "-",
              fmt(r.heapMiB(), "%.0f MiB"),
              fmt(r.bytesPerSeries(), "%.0f B"),
              fmt(r.rssMiB(), "%.0f MiB"),
              r.rssPeakMiB(),
              fmt(r.pollSeconds(), "%.1f s"),
              Double.isNaN(r.textKiB())
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.1f MiB / %.1f MiB", r.textKiB() / 1024, r.gzipKiB() / 1024),
              fmt(r.scrapeMs(), "%.0f ms"),
              r.readySeconds()));
    }
    b.append(
        "\n- series: lines of the last /metrics scrape (for a death: the series of the last poll the exporter"
            + " logged, if any); heap after full GC: `jcmd <pid> GC.run` then `GC.heap_info` (used), after the second poll"
            + " and three gzip scrapes; RSS peak: VmRSS sampled every 500 ms; time to ready: start of the JVM to /-/ready"
            + " (first poll done); for a death, to the moment it was seen. A death is reported, never waited on: every"
            + " wait is bounded (ready 300 s, second poll 175 s).\n");
    return b.toString();
  }

  private static String fmt(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }
}
