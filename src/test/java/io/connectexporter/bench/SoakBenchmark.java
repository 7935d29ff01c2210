package io.connectexporter.bench;

import io.connectexporter.bench.SimulatedConnectCluster.Fault;
import io.connectexporter.bench.SimulatedConnectCluster.Size;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak benchmark: the exporter jar in its own JVM ({@code -Xmx512m
 * -XX:+ExitOnOutOfMemoryError}) polls a simulated cluster once a second (deadline 900 ms) for N
 * minutes while the cluster changes under it:
 *
 * <ul>
 *   <li>churn: every 10 s, {@code soak.churn} connectors (default 5) are deleted and as many
 *       created with new names; REST and the workers' Jolokia follow at once;
 *   <li>a failing worker: every 2 minutes one worker's Jolokia fails for 30 s, refusing connections
 *       and hanging in turn, then comes back;
 *   <li>a hostile worker for the whole run (the last one): its Jolokia answers in turn with a slow
 *       drip past the deadline, truncated JSON and HTTP 500.
 * </ul>
 *
 * Every 10 s (before each churn), /metrics is scraped as Prometheus would (gzip) and checked: no
 * series may name a connector deleted 5 s or more before (two polls at least), and every current
 * connector must have its state series. Every minute it records heap after a forced full GC, RSS,
 * exporter CPU per poll, series, errors by reason and p50/p99 poll duration; it writes {@code
 * target/benchmark/soak.md} and fails (non-zero exit) if the exporter died or a deleted connector's
 * series stayed.
 *
 * <p>{@code mvn -q package -DskipTests exec:java@soak [-Dsoak.minutes=60 -Dsoak.size=L
 * -Dsoak.churn=5]}
 */
public final class SoakBenchmark {

  private static final Pattern POLL_LINE =
      Pattern.compile("poll took ([0-9.Ee-]+) s, (\\d+) series");
  private static final long STALE_AFTER_MILLIS = 5_000;

  private SoakBenchmark() {}

  record Row(
      int minute,
      long polls,
      double cpuPerPoll,
      double p50,
      double p99,
      int series,
      String up,
      Map<String, Double> errors,
      int stale,
      String connectors,
      int degradedPolls,
      double heapMiB,
      double heapMaxMiB,
      int heapSamples,
      double rssMiB) {}

  /** What one scrape of /metrics says. */
  record Scan(
      int series,
      long polls,
      Map<String, Double> errorsByReason,
      int up,
      int targets,
      int stale,
      Set<String> connectorsWithState,
      double snapshotAge) {}

  public static void main(String[] args) throws Exception {
    int minutes = Integer.getInteger("soak.minutes", 60);
    Size size = Size.of(System.getProperty("soak.size", "L"));
    int churn = Integer.getInteger("soak.churn", 5);
    long churnEvery = Long.getLong("soak.churn.every.s", 10) * 1000;
    long failEvery = Long.getLong("soak.fail.every.s", 120) * 1000;
    long failFor = Long.getLong("soak.fail.for.s", 30) * 1000;
    long gcEvery = Long.getLong("soak.gc.every.s", 20) * 1000;
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    String jvm = System.getProperty("exporter.jvm.args", "-Xmx512m -XX:+ExitOnOutOfMemoryError");
    int hostile = size.workers() - 1;
    Path dir = Files.createDirectories(Path.of("target", "benchmark", "soak"));

    System.out.printf(
        "== soak: %d min, size %s (%d workers, %d connectors, %d tasks), churn %d+%d every %d s,"
            + " one worker's Jolokia down %d s every %d s, worker %d hostile throughout%n",
        minutes,
        size.name(),
        size.workers(),
        size.connectors(),
        size.tasks(),
        churn,
        churn,
        churnEvery / 1000,
        failFor / 1000,
        failEvery / 1000,
        hostile);

    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Long> deletedAt = new HashMap<>();
    int[] staleChecks = {0, 0}; // checks, max stale series seen
    int missingMax = 0;
    int created = 0;
    String death = null;
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(size, 0)) {
      sim.setFault(hostile, Fault.HOSTILE);
      int port = ExporterProcess.freePort();
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
      String config =
          "exporter { listen { host = \"127.0.0.1\", port = "
              + port
              + " }\n"
              + "  poll { interval = 1s, deadline = 900ms, concurrency = 8 }\n"
              + "  clusters = [{ name = \"soak\", rest.urls = [\""
              + sim.restUrl()
              + "\"],"
              + " jolokia { url-template = \"\", endpoints = ["
              + endpoints
              + "] } }] }\n";
      // Each poll's duration comes from the exporter's own DEBUG line (one per poll, from the same
      // value as kafka_connect_exporter_poll_duration_seconds): nothing is sampled or missed.
      List<String> jvmArgs = new ArrayList<>(ExporterProcess.split(jvm));
      jvmArgs.add(ExporterProcess.pollLineLogging(dir));
      Path gcLog = dir.resolve("gc.log").toAbsolutePath();
      Files.deleteIfExists(gcLog);
      jvmArgs.add("-Xlog:gc:file=" + gcLog);
      try (ExporterProcess exporter = ExporterProcess.start(jar, jvmArgs, dir, config, port)) {
        if (!exporter.awaitReady(Duration.ofSeconds(120))) {
          throw new IllegalStateException(
              "exporter not ready after 120 s (exit code "
                  + exporter.exitCode()
                  + "), see "
                  + exporter.log());
        }
        long t0 = System.currentTimeMillis();
        long end = t0 + minutes * 60_000L;
        double cpuBefore = ProcessStats.cpuSeconds(exporter.pid());
        long pollsBefore = scan(exporter, Map.of(), 0).polls();
        PollLog pollLog = new PollLog(exporter.log());
        pollLog.read(); // the start-up polls
        pollLog.minute.clear();
        int minute = 0;
        long nextSample = t0 + 60_000;
        long nextChurn = t0 + churnEvery;
        long nextFail = t0 + failEvery;
        long failEnd = Long.MAX_VALUE;
        long nextGc = t0 + gcEvery;
        List<Double> heapSamples = new ArrayList<>();
        int failing = -1;
        int episode = 0;
        int staleThisMinute = 0;
        while (true) {
          long now = System.currentTimeMillis();
          long next =
              Math.min(
                  Math.min(Math.min(nextSample, nextChurn), Math.min(nextFail, failEnd)), nextGc);
          if (next > now) {
            Thread.sleep(Math.min(next - now, 1000));
            if (!exporter.alive()) {
              death = death(exporter);
              break;
            }
            continue;
          }
          if (now >= nextGc) {
            // Heap after a forced full GC, several times a minute: polls run nearly back to back,
            // so one
            // sample lands at a random point of a poll (in-flight answers, the next snapshot half
            // built);
            // the minimum of the minute is the closest to the retained set, the one a leak would
            // grow.
            // Only while the last snapshot is complete (no worker cut at the deadline): a snapshot
            // with fewer
            // series holds less, which says nothing about a leak.
            pollLog.read();
            double heap = ProcessStats.forcedFullGcMiB(exporter.pid(), gcLog);
            if (pollLog.lastSeries >= 0.9 * pollLog.maxSeries) {
              heapSamples.add(heap);
            }
            nextGc += gcEvery;
          }
          if (now >= nextSample) {
            minute++;
            Scan s = scan(exporter, deletedAt, now);
            staleChecks[0]++;
            staleThisMinute = Math.max(staleThisMinute, s.stale());
            staleChecks[1] = Math.max(staleChecks[1], s.stale());
            int missing = missing(sim, s);
            missingMax = Math.max(missingMax, missing);
            double cpu = ProcessStats.cpuSeconds(exporter.pid());
            double rss = ProcessStats.rssMiB(exporter.pid());
            pollLog.read();
            List<Double> durations = new ArrayList<>();
            int degraded = 0;
            for (double[] p : pollLog.minute) {
              durations.add(p[0]);
              degraded += p[1] < 0.9 * pollLog.maxSeries ? 1 : 0;
            }
            pollLog.minute.clear();
            long polls = s.polls() - pollsBefore;
            Row row =
                new Row(
                    minute,
                    polls,
                    polls > 0 ? (cpu - cpuBefore) / polls : Double.NaN,
                    durations.isEmpty() ? Double.NaN : ScaleBenchmark.percentile(durations, 50),
                    durations.isEmpty() ? Double.NaN : ScaleBenchmark.percentile(durations, 99),
                    s.series(),
                    s.up() + "/" + s.targets(),
                    s.errorsByReason(),
                    staleThisMinute,
                    s.connectorsWithState().size() + "/" + sim.connectorNames().size(),
                    degraded,
                    heapSamples.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                    heapSamples.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
                    heapSamples.size(),
                    rss);
            heapSamples.clear();
            rows.add(row);
            System.out.println(line(row));
            cpuBefore = cpu;
            pollsBefore = s.polls();
            staleThisMinute = 0;
            nextSample += 60_000;
            if (!exporter.alive()) {
              death = death(exporter);
              break;
            }
            if (now >= end - 1000) {
              break;
            }
          }
          now = System.currentTimeMillis();
          if (now >= failEnd) {
            sim.setFault(failing, Fault.NONE);
            failEnd = Long.MAX_VALUE;
          }
          if (now >= nextFail) {
            failing = episode % (size.workers() - 1); // never the hostile one
            Fault f = episode % 2 == 0 ? Fault.REFUSE : Fault.HANG;
            sim.setFault(failing, f);
            notes.add(
                String.format(
                    Locale.ROOT,
                    "%.1f min: worker %d Jolokia %s for %d s",
                    (now - t0) / 60_000.0,
                    failing,
                    f,
                    failFor / 1000));
            episode++;
            failEnd = now + failFor;
            nextFail += failEvery;
          }
          if (now >= nextChurn) {
            // Check the previous churn first: its deletions are 10 s old, many polls ago.
            Scan s = scan(exporter, deletedAt, now);
            staleChecks[0]++;
            staleThisMinute = Math.max(staleThisMinute, s.stale());
            staleChecks[1] = Math.max(staleChecks[1], s.stale());
            int missing = missing(sim, s);
            missingMax = Math.max(missingMax, missing);
            if (missing > 0) {
              notes.add(
                  String.format(
                      Locale.ROOT,
                      "%.1f min: %d current connectors without state series (snapshot"
                          + " age %.1f s)",
                      (now - t0) / 60_000.0,
                      missing,
                      s.snapshotAge()));
            }
            SimulatedConnectCluster.Churn c = sim.churn(churn, churn);
            long at = System.currentTimeMillis();
            c.deleted().forEach(name -> deletedAt.put(name, at));
            created += c.created().size();
            nextChurn += churnEvery;
          }
        }
      }
    }
    String report =
        report(
            rows, notes, minutes, deletedAt.size(), created, staleChecks, missingMax, death, jvm);
    Path out = Path.of("target", "benchmark", "soak.md");
    Files.writeString(out, report);
    System.out.println();
    System.out.println(report);
    System.out.println(
        "written to " + out + " (exporter log: " + dir.resolve("exporter.log") + ")");
    if (death != null || staleChecks[1] > 0) {
      throw new IllegalStateException(
          "soak failed: "
              + (death != null ? death : staleChecks[1] + " stale series of deleted connectors"));
    }
  }

  private static String death(ExporterProcess exporter) throws IOException {
    return "exporter exited with code "
        + exporter.exitCode()
        + (exporter.diedOfOom() ? " (OOM)" : "");
  }

  private static int missing(SimulatedConnectCluster sim, Scan s) {
    int missing = 0;
    for (String name : sim.connectorNames()) {
      if (!s.connectorsWithState().contains(name)) {
        missing++;
      }
    }
    return missing;
  }

  /** Scrapes /metrics once and reads what the soak needs from it, line by line. */
  static Scan scan(ExporterProcess exporter, Map<String, Long> deletedAt, long now)
      throws Exception {
    Set<String> stale = new HashSet<>();
    deletedAt.forEach(
        (name, at) -> {
          if (at <= now - STALE_AFTER_MILLIS) {
            stale.add(name);
          }
        });
    String text = exporter.scrape().text();
    int series = 0;
    long polls = 0;
    int up = 0;
    int targets = 0;
    int staleSeries = 0;
    double age = Double.NaN;
    Map<String, Double> errors = new TreeMap<>();
    Set<String> withState = new HashSet<>();
    int pos = 0;
    while (pos < text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) {
        eol = text.length();
      }
      if (eol > pos && text.charAt(pos) != '#') {
        String line = text.substring(pos, eol);
        series++;
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
        double value = Double.parseDouble(line.substring(space + 1));
        String connector = label(line, "connector");
        switch (name) {
          case "kafka_connect_exporter_polls_total" -> polls += (long) value;
          case "kafka_connect_exporter_target_errors_total" ->
              errors.merge(label(line, "reason"), value, Double::sum);
          case "kafka_connect_exporter_target_up" -> {
            targets++;
            up += (int) value;
          }
          case "kafka_connect_connector_state" -> withState.add(connector);
          case "kafka_connect_exporter_snapshot_age_seconds" -> age = value;
          default -> {}
        }
        if (connector != null && stale.contains(connector)) {
          staleSeries++;
        }
      }
      pos = eol + 1;
    }
    return new Scan(series, polls, errors, up, targets, staleSeries, withState, age);
  }

  private static String label(String line, String label) {
    for (String prefix : new String[] {"{" + label + "=\"", "," + label + "=\""}) {
      int i = line.indexOf(prefix);
      if (i >= 0) {
        int start = i + prefix.length();
        return line.substring(start, line.indexOf('"', start));
      }
    }
    return null;
  }

  /**
   * The exporter's DEBUG line of each poll ("poll took 0.26 s, 205877 series"), read as it grows.
   */
  static final class PollLog {
    private final Path log;
    private long offset;

    /** [seconds, series] of the polls read since the list was last cleared. */
    final List<double[]> minute = new ArrayList<>();

    double lastSeries;
    double maxSeries;

    PollLog(Path log) {
      this.log = log;
    }

    void read() throws IOException {
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        long length = f.length();
        if (length <= offset) {
          return;
        }
        byte[] bytes = new byte[(int) (length - offset)];
        f.seek(offset);
        f.readFully(bytes);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
          end--; // a line still being written: read it next time
        }
        offset += end;
        Matcher m = POLL_LINE.matcher(new String(bytes, 0, end, StandardCharsets.UTF_8));
        while (m.find()) {
          double series = Double.parseDouble(m.group(2));
          minute.add(new double[] {Double.parseDouble(m.group(1)), series});
          lastSeries = series;
          maxSeries = Math.max(maxSeries, series);
        }
      }
    }
  }

  private static String line(Row r) {
    StringBuilder errors = new StringBuilder();
    r.errors()
        .forEach(
            (reason, n) ->
                errors
                    .append(errors.length() == 0 ? "" : " ")
                    .append(reason)
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.0f", n)));
    return String.format(
        Locale.ROOT,
        "| %d | %d | %s | %s | %s | %d | %s | %s | %d | %s | %d | %s | %.0f MiB |",
        r.minute(),
        r.polls(),
        Double.isNaN(r.cpuPerPoll()) ? "-" : String.format(Locale.ROOT, "%.3f s", r.cpuPerPoll()),
        ms(r.p50()),
        ms(r.p99()),
        r.series(),
        r.up(),
        errors.length() == 0 ? "-" : errors,
        r.stale(),
        r.connectors(),
        r.degradedPolls(),
        Double.isNaN(r.heapMiB())
            ? "- (0)"
            : String.format(
                Locale.ROOT, "%.0f MiB (%.0f, %d)", r.heapMiB(), r.heapMaxMiB(), r.heapSamples()),
        r.rssMiB());
  }

  private static String ms(double seconds) {
    return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
  }

  static double median(List<Double> values) {
    return ScaleBenchmark.percentile(values, 50);
  }

  /** Least-squares slope of y over x. */
  static double slope(List<Double> x, List<Double> y) {
    int n = x.size();
    double mx = x.stream().mapToDouble(d -> d).average().orElse(0);
    double my = y.stream().mapToDouble(d -> d).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (x.get(i) - mx) * (y.get(i) - my);
      den += (x.get(i) - mx) * (x.get(i) - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  static String report(
      List<Row> rows,
      List<String> notes,
      int minutes,
      int deleted,
      int created,
      int[] staleChecks,
      int missingMax,
      String death,
      String jvm) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Soak benchmark, %s, %d cores, %d min planned, exporter JVM options `%s`,"
                + " poll interval 1 s, deadline 900 ms%n%n",
            LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES),
            Runtime.getRuntime().availableProcessors(),
            minutes,
            jvm));
    b.append(
        "| minute | polls | exporter CPU per poll | poll p50 | poll p99 | series | Jolokia+REST targets up "
            + "| errors by reason (cumulative) | stale series of deleted connectors | connectors with state / simulated "
            + "| polls with < 90 % of the series | heap after full GC: min (max, samples) | RSS |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(r -> b.append(line(r)).append('\n'));
    b.append('\n');
    if (death != null) {
      b.append("**")
          .append(death)
          .append("** after ")
          .append(rows.size())
          .append(" full minutes\n\n");
    }
    List<Double> x = new ArrayList<>();
    List<Double> heap = new ArrayList<>();
    rows.stream()
        .filter(r -> !Double.isNaN(r.heapMiB()))
        .forEach(
            r -> {
              x.add((double) r.minute());
              heap.add(r.heapMiB());
            });
    if (!heap.isEmpty()) {
      List<Double> first = new ArrayList<>();
      List<Double> last = new ArrayList<>();
      int lastMinute = rows.get(rows.size() - 1).minute();
      rows.stream()
          .filter(r -> !Double.isNaN(r.heapMiB()))
          .forEach(
              r -> {
                if (r.minute() <= 10) {
                  first.add(r.heapMiB());
                }
                if (r.minute() > lastMinute - 10) {
                  last.add(r.heapMiB());
                }
              });
      double perHour = slope(x, heap) * 60;
      double median = median(heap);
      boolean flat = Math.abs(perHour) < 0.05 * median;
      b.append(
          String.format(
              Locale.ROOT,
              "heap after GC: first-10-min median %.1f MiB, last-10-min median %.1f MiB,"
                  + " slope %+.1f MiB/hour → %s%n%n",
              median(first),
              median(last),
              perHour,
              flat ? "flat" : perHour > 0 ? "GROWING" : "FALLING"));
      b.append(
          String.format(
              Locale.ROOT,
              "- flat means |slope| < 5%% of the median heap after GC (%.1f MiB) per hour,"
                  + " i.e. < %.1f MiB/hour; the slope is the least-squares fit over all %d per-minute samples.%s%n",
              median,
              0.05 * median,
              heap.size(),
              rows.size() < 20
                  ? " With fewer than 20 samples the first and last 10 minutes"
                      + " overlap and the slope is mostly noise."
                  : ""));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "- churn: %d connectors deleted, %d created; stale series of deleted connectors:"
                + " max %d over %d checks (every scrape, each 10 s; a connector counts once deleted ≥ 5 s) → %s; current"
                + " connectors missing their state series: max %d%n",
            deleted,
            created,
            staleChecks[1],
            staleChecks[0],
            staleChecks[1] == 0 ? "OK" : "STALE",
            missingMax));
    b.append(
        "- heap after GC: every 20 s `jcmd <pid> GC.run` (System.gc(), a full collection with G1) and the heap"
            + " in use right after it, as the exporter's GC log (`-Xlog:gc`) reports it (`Pause Full (Diagnostic Command)"
            + " 250M->187M`); the table shows the minute's minimum (the verdict uses it) and maximum: polls run nearly back"
            + " to back, so a sample can land while a poll holds its answers and a half-built snapshot (up to ~200 MiB more"
            + " at L). A sample counts only if the last completed poll kept ≥ 90 % of the most series seen (no worker cut"
            + " at the deadline: a smaller snapshot holds less). Each forced full GC pauses the exporter (0.1–0.5 s at L),"
            + " which can itself push a poll past its deadline. RSS: VmRSS of /proc/<pid>/status; CPU: utime+stime of /proc/<pid>/stat over the minute (including"
            + " that minute's forced GCs) divided by the polls counted by kafka_connect_exporter_polls_total;"
            + " poll p50/p99: the exporter's DEBUG log line of every poll in the minute.\n");
    b.append(
        "- faults: the last worker's Jolokia is hostile throughout (drip past the deadline, truncated JSON, HTTP"
            + " 500 in turn); failures of other workers and other events:");
    if (notes.isEmpty()) {
      b.append(" none");
    }
    b.append('\n');
    notes.forEach(n -> b.append("  - ").append(n).append('\n'));
    return b.toString();
  }
}
