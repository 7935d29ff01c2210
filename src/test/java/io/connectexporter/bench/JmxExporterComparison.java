package io.connectexporter.bench;

import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.it.ExternalServer;
import io.connectexporter.it.PromText;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.DemoScenario;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Side by side on a real cluster: the Prometheus JMX exporter ({@code jmx_prometheus_httpserver}
 * 1.0.1, standalone, reading the worker over remote JMX) against this exporter (REST + Jolokia),
 * on the same worker with the same connectors.
 *
 * <p>Method:
 * <ol>
 *   <li>Start a 1-worker Kafka Connect cluster (KRaft broker + worker with the Jolokia agent and
 *       unauthenticated remote JMX on 127.0.0.1), apply {@link DemoScenario} (9 connectors: traffic,
 *       lag, a failed task, a task failing in start, a failed connector, paused and stopped ones) and
 *       let it settle ({@code -Dsettle.seconds}, default 30).</li>
 *   <li>Before each exporter run, with nobody scraping, measure the worker's CPU over
 *       {@code -Dbaseline.seconds} (default 20), and once more after the last run: its idle CPU rate.</li>
 *   <li>JMX exporter, twice: with its own Kafka Connect example rules
 *       ({@code src/test/resources/bench/jmx-exporter-kafka-connect.yml}, copied from
 *       prometheus/jmx_exporter {@code examples/kafka-connect.yml}) and "tuned" (the same rules plus
 *       {@code includeObjectNames: ["kafka.connect:*"]}). Started as a child JVM on a free port
 *       against the worker's JMX port (effective config written under {@code target/benchmark/});
 *       warm-up of {@code -Dwarmup} scrapes at 1/s (default 30: after only 5, both JVMs were still
 *       JIT-compiling); then N ({@code -Dscrapes}, default 30) scrapes at 1 per second. Per scrape: wall time of the HTTP GET (median), exporter process CPU delta / N, worker CPU delta
 *       minus baseline rate × elapsed, / N; series = non-comment lines of the last answer. Both
 *       exporters' JVMs get {@code -Dsun.net.httpserver.nodelay=true} (ours sets it itself), so
 *       neither pays the JDK HTTP server's 40 ms Nagle stall on a kept-alive connection.</li>
 *   <li>Ours: {@code java -jar target/kafka-connect-exporter.jar --config FILE} with a 1 s poll
 *       interval against the same worker's REST API and Jolokia agent; warm-up; then N scrapes of
 *       /metrics at 1 per second while it polls every second. Exporter CPU and worker CPU are
 *       divided by the number of poll cycles completed in the window
 *       ({@code kafka_connect_exporter_polls_total}), so one of our "scrapes" is one poll cycle
 *       (REST {@code expand} call + one Jolokia bulk read) plus one /metrics render. Wall is
 *       reported both per poll cycle ({@code kafka_connect_exporter_poll_duration_seconds}, median)
 *       and per /metrics GET (median).</li>
 *   <li>Writes a Markdown table to {@code target/benchmark/jmx-comparison.md} and prints it, with the
 *       ratio of exporter CPU per scrape JMX exporter / ours, plus the machine's busy CPU during each
 *       window (another benchmark on the 2 cores shows up there as noise).</li>
 * </ol>
 * Every child process is stopped in {@code finally} (and by a shutdown hook); the cluster closes
 * through {@link AutoCloseable}.
 *
 * <p>{@code mvn -q package -DskipTests exec:java@jmx-exporter-comparison [-Dscrapes=30
 * -Dwarmup=30 -Dsettle.seconds=30 -Dbaseline.seconds=20 -Dkafka.version=3.9.2]}
 */
public final class JmxExporterComparison {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<Process> CHILDREN = new CopyOnWriteArrayList<>();
  private static int warmup = 30;
  private static int baselineSeconds = 20;

  private JmxExporterComparison() {
  }

  /** One row of the table. */
  record Result(String exporter, String config, String wall, double cpuMsPerScrape, double workerMsPerScrape,
      int series, int connectSeries, double rssMiB, int cycles, double machineBusyCores, double othersBusyCores,
      double baselineWorkerCores, String cpuByChunk, double windowSeconds) {
  }

  /** CPU state at the start of a measurement window. */
  record Window(long nanos, double exporterCpu, double workerCpu, double brokerCpu, long[] machine) {
  }

  public static void main(String[] args) throws Exception {
    int scrapes = Integer.getInteger("scrapes", 30);
    int settle = Integer.getInteger("settle.seconds", 30);
    baselineSeconds = Integer.getInteger("baseline.seconds", 20);
    warmup = Integer.getInteger("warmup", 30);
    Path exporterJar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    Path clusterDir = Path.of(System.getProperty("cluster.dir", "target/cluster"));
    Path jmxJar = clusterDir.resolve("jmx-exporter").resolve("jmx_prometheus_httpserver.jar");
    Path out = Files.createDirectories(Path.of("target", "benchmark"));
    for (Path jar : List.of(exporterJar, jmxJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: run `mvn -q package -DskipTests` first");
      }
    }
    String rules;
    try (InputStream in = JmxExporterComparison.class.getResourceAsStream("/bench/jmx-exporter-kafka-connect.yml")) {
      if (in == null) {
        throw new IllegalStateException("bench/jmx-exporter-kafka-connect.yml not on the test classpath");
      }
      rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(JmxExporterComparison::destroyChildren, "jmx-comparison-cleanup"));

    List<Result> results = new ArrayList<>();
    String kafkaVersion;
    try (ConnectCluster cluster = ConnectCluster.builder().workers(1).jmxRemote(true).build()) {
      kafkaVersion = cluster.kafkaVersion();
      ConnectWorker worker = cluster.worker(0);
      log("cluster up: worker " + worker.workerId() + " pid " + worker.pid() + ", JMX " + worker.jmxServiceUrl());
      DemoScenario.apply(cluster.admin());
      log("demo scenario applied (" + DemoScenario.ALL.size() + " connectors); settling " + settle + " s");
      Thread.sleep(settle * 1000L);

      String hostPort = "hostPort: 127.0.0.1:" + worker.jmxPort() + "\n";
      results.add(runJmxExporter(cluster, jmxJar, out, "example-rules", "its Kafka Connect example rules",
          hostPort + rules, scrapes));
      results.add(runJmxExporter(cluster, jmxJar, out, "tuned",
          "example rules + `includeObjectNames: [\"kafka.connect:*\"]`",
          hostPort + "includeObjectNames: [\"kafka.connect:*\"]\n" + rules, scrapes));
      results.add(runOurs(cluster, exporterJar, out, scrapes));
      // Worker CPU added: subtract the mean of the idle rates measured just before and just after each run.
      List<Double> baselines = new ArrayList<>();
      for (Result r : results) {
        baselines.add(r.baselineWorkerCores());
      }
      baselines.add(baselineRate(cluster, baselineSeconds));
      for (int i = 0; i < results.size(); i++) {
        results.set(i, rebase(results.get(i), (baselines.get(i) + baselines.get(i + 1)) / 2));
      }
    } finally {
      destroyChildren();
    }

    String table = table(results, kafkaVersion, scrapes);
    Path file = out.resolve("jmx-comparison.md");
    Files.writeString(file, table);
    System.out.println();
    System.out.println(table);
    System.out.println("written to " + file);
  }

  // ------------------------------------------------------------------ the JMX exporter

  static Result runJmxExporter(ConnectCluster cluster, Path jar, Path out, String name, String description,
      String config, int scrapes) throws Exception {
    double baseline = baselineRate(cluster, baselineSeconds);
    Path configFile = out.resolve("jmx-exporter-" + name + ".yml");
    Files.writeString(configFile, config);
    int port = ExternalServer.freePort();
    log("JMX exporter (" + name + ") on port " + port + ", config " + configFile);
    Process p = start(List.of(java(), "-Dsun.net.httpserver.nodelay=true", "-jar", jar.toString(),
        "127.0.0.1:" + port, configFile.toString()), out.resolve("jmx-exporter-" + name + ".log"));
    try {
      String url = "http://127.0.0.1:" + port + "/metrics";
      awaitOk(p, url);
      for (int i = 0; i < warmup; i++) {
        get(url);
        Thread.sleep(1000);
      }
      Window w = begin(p.pid(), cluster);
      List<Double> wallMs = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      String body = scrapeLoop(url, scrapes, wallMs, null, p.pid(), cpu);
      Result r = end(w, p.pid(), cluster, baseline, "JMX exporter 1.0.1 (remote JMX)", description,
          "p50 " + ms(percentile(wallMs, 50)) + " (p90 " + ms(percentile(wallMs, 90)) + ")", scrapes, body, chunks(cpu));
      Files.writeString(out.resolve("jmx-exporter-" + name + ".prom"), body);
      log(r.toString());
      return r;
    } finally {
      stop(p);
    }
  }

  // ------------------------------------------------------------------ ours

  static Result runOurs(ConnectCluster cluster, Path jar, Path out, int scrapes)
      throws Exception {
    double baseline = baselineRate(cluster, baselineSeconds);
    int port = ExternalServer.freePort();
    Path configFile = out.resolve("jmx-comparison-ours.conf");
    Files.writeString(configFile, ExporterUnderTest.config(cluster, "bench", "1s").replace("port = 0", "port = " + port)
        + "\n");
    log("our exporter on port " + port + ", config " + configFile);
    Process p = start(List.of(java(), "-jar", jar.toString(), "--config", configFile.toString()),
        out.resolve("jmx-comparison-ours.log"));
    try {
      ExporterUnderTest.awaitReady(port);
      String url = "http://127.0.0.1:" + port + "/metrics";
      for (int i = 0; i < warmup; i++) {
        get(url);
        Thread.sleep(1000);
      }
      long polls0 = (long) PromText.parse(get(url)).sum("kafka_connect_exporter_polls_total");
      Window w = begin(p.pid(), cluster);
      List<Double> wallMs = new ArrayList<>();
      List<Double> pollMs = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      String body = scrapeLoop(url, scrapes, wallMs, pollMs, p.pid(), cpu);
      long polls1 = (long) PromText.parse(body).sum("kafka_connect_exporter_polls_total");
      int cycles = (int) (polls1 - polls0);
      if (cycles <= 0) {
        throw new IllegalStateException("our exporter completed no poll in the window");
      }
      Result r = end(w, p.pid(), cluster, baseline, "ours (REST + Jolokia)", "poll interval 1 s, 1 scrape / poll",
          "poll p50 " + ms(percentile(pollMs, 50)) + " + /metrics p50 " + ms(percentile(wallMs, 50)), cycles, body,
          chunks(cpu));
      Files.writeString(out.resolve("jmx-comparison-ours.prom"), body);
      log(r + " (" + scrapes + " /metrics scrapes over " + cycles + " poll cycles)");
      return r;
    } finally {
      stop(p);
    }
  }

  // ------------------------------------------------------------------ measuring

  /** The worker's CPU rate (cores) with nobody scraping it. */
  static double baselineRate(ConnectCluster cluster, int seconds) throws Exception {
    long pid = cluster.worker(0).pid();
    long t0 = System.nanoTime();
    double c0 = ProcessStats.cpuSeconds(pid);
    Thread.sleep(seconds * 1000L);
    double rate = (ProcessStats.cpuSeconds(pid) - c0) / ((System.nanoTime() - t0) / 1e9);
    log(String.format(Locale.ROOT, "worker baseline over %d s: %.1f ms CPU per second", seconds, rate * 1000));
    return rate;
  }

  static Window begin(long exporterPid, ConnectCluster cluster) throws IOException {
    return new Window(System.nanoTime(), ProcessStats.cpuSeconds(exporterPid),
        ProcessStats.cpuSeconds(cluster.worker(0).pid()), ProcessStats.cpuSeconds(cluster.brokerPid()), machineTicks());
  }

  static Result end(Window w, long exporterPid, ConnectCluster cluster, double baseline, String exporter,
      String config, String wall, int cycles, String body, String cpuByChunk) throws IOException {
    double elapsed = (System.nanoTime() - w.nanos()) / 1e9;
    double exporterCpu = ProcessStats.cpuSeconds(exporterPid) - w.exporterCpu();
    double workerCpu = ProcessStats.cpuSeconds(cluster.worker(0).pid()) - w.workerCpu();
    double brokerCpu = ProcessStats.cpuSeconds(cluster.brokerPid()) - w.brokerCpu();
    long[] m = machineTicks();
    double machineBusy = (m[0] - w.machine()[0]) / 100.0; // busy seconds, all cores
    double rss = ProcessStats.rssMiB(exporterPid);
    int series = 0;
    int connect = 0;
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      series++;
      if (line.startsWith("kafka_") && !line.startsWith("kafka_connect_exporter_")) {
        connect++;
      }
    }
    return new Result(exporter, config, wall, exporterCpu * 1000 / cycles,
        (workerCpu - baseline * elapsed) * 1000 / cycles, series, connect, rss, cycles, machineBusy / elapsed,
        (machineBusy - exporterCpu - workerCpu - brokerCpu) / elapsed, baseline, cpuByChunk, elapsed);
  }

  /** The same result with worker CPU added recomputed against another idle rate. */
  static Result rebase(Result r, double baseline) {
    double added = r.workerMsPerScrape() + (r.baselineWorkerCores() - baseline) * 1000 * r.windowSeconds() / r.cycles();
    return new Result(r.exporter(), r.config(), r.wall(), r.cpuMsPerScrape(), added, r.series(), r.connectSeries(),
        r.rssMiB(), r.cycles(), r.machineBusyCores(), r.othersBusyCores(), baseline, r.cpuByChunk(),
        r.windowSeconds());
  }

  /** Exporter CPU per scrape in consecutive chunks of 10 scrapes (ms), to show whether it is steady. */
  static String chunks(List<Double> cpuSeconds) {
    StringBuilder b = new StringBuilder();
    for (int i = 10; i < cpuSeconds.size(); i += 10) {
      b.append(b.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f",
          (cpuSeconds.get(i) - cpuSeconds.get(i - 10)) * 100));
    }
    return b.toString();
  }

  /** N scrapes at a fixed rate of 1 per second; returns the last body. */
  static String scrapeLoop(String url, int n, List<Double> wallMs, List<Double> pollMs, long pid, List<Double> cpu)
      throws Exception {
    long start = System.nanoTime();
    String body = "";
    cpu.add(ProcessStats.cpuSeconds(pid));
    for (int i = 0; i < n; i++) {
      long next = start + i * 1_000_000_000L;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (i > 0) {
        cpu.add(ProcessStats.cpuSeconds(pid)); // the previous second: one scrape (and, for ours, one poll)
      }
      long t0 = System.nanoTime();
      body = get(url);
      wallMs.add((System.nanoTime() - t0) / 1e6);
      if (pollMs != null) {
        pollMs.add(PromText.parse(body).sum("kafka_connect_exporter_poll_duration_seconds") * 1000);
      }
    }
    // Let the last second (our last poll cycle) complete inside the window, like the others.
    long wait = start + n * 1_000_000_000L - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    cpu.add(ProcessStats.cpuSeconds(pid));
    return body;
  }

  /** [busy ticks, total ticks] over all CPUs, from /proc/stat. */
  static long[] machineTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  // ------------------------------------------------------------------ processes and HTTP

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Process start(List<String> command, Path log) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CHILDREN.add(p);
    log("started pid " + p.pid() + ": " + String.join(" ", command));
    return p;
  }

  static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    CHILDREN.remove(p);
    log("stopped pid " + p.pid());
  }

  static void destroyChildren() {
    for (Process p : CHILDREN) {
      stop(p);
    }
  }

  static void awaitOk(Process p, String url) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException("pid " + p.pid() + " exited with " + p.exitValue());
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && !r.body().isEmpty()) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(url + " not answering after 60 s");
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    return r.body();
  }

  // ------------------------------------------------------------------ report

  static double percentile(List<Double> values, int p) {
    return ScaleBenchmark.percentile(values, p);
  }

  static String ms(double ms) {
    return String.format(Locale.ROOT, "%.0f ms", ms);
  }

  static String table(List<Result> results, String kafkaVersion, int scrapes) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "# JMX exporter vs ours, same worker, same connectors%n%n"
        + "%s, machine: %d cores, Kafka %s, 1 Connect worker, %d connectors (DemoScenario), %d scrapes at 1/s "
        + "per exporter after %d warm-up scrapes. Reproduce: `mvn -q package -DskipTests "
        + "exec:java@jmx-exporter-comparison`.%n%n",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
        Runtime.getRuntime().availableProcessors(), kafkaVersion, DemoScenario.ALL.size(), scrapes, warmup));
    b.append("| exporter | config | wall per scrape | exporter CPU per scrape | worker CPU added per scrape "
        + "| series (Connect) |\n|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f ms | %.1f ms | %d (%d) |%n", r.exporter(),
          r.config(), r.wall(), r.cpuMsPerScrape(), r.workerMsPerScrape(), r.series(), r.connectSeries()));
    }
    Result ours = results.get(results.size() - 1);
    b.append('\n');
    for (Result r : results.subList(0, results.size() - 1)) {
      b.append(String.format(Locale.ROOT, "- JMX exporter (%s) / ours: exporter CPU per scrape **%.1f×**, worker CPU "
          + "added per scrape %.1f×%n", r.config(), r.cpuMsPerScrape() / ours.cpuMsPerScrape(),
          r.workerMsPerScrape() / ours.workerMsPerScrape()));
    }
    b.append(String.format(Locale.ROOT, "%nNotes: \"series (Connect)\" counts `kafka_*` lines other than our own "
        + "`kafka_connect_exporter_*`. One of our scrapes = one poll cycle (REST `expand` call + Jolokia bulk read) "
        + "+ one /metrics render; CPU is divided by the poll cycles completed in the window. Worker CPU added = "
        + "worker CPU in the window − its idle rate (mean of the rates measured just before and just after, nobody "
        + "scraping) × window length; the idle rate itself moves by ~10 ms/s between measurements, so treat "
        + "single-digit worker figures as noise.%n%n"));
    b.append("| exporter | config | exporter CPU per scrape, by 10-scrape chunk (ms) | exporter RSS "
        + "| scrapes/cycles in window | worker idle rate (mean before/after) | machine busy (all processes) "
        + "| busy outside broker+worker+exporter (incl. this harness) |\n|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f MiB | %d | %.0f ms/s | %.2f cores | %.2f cores |%n",
          r.exporter(), r.config(), r.cpuByChunk(), r.rssMiB(), r.cycles(), r.baselineWorkerCores() * 1000,
          r.machineBusyCores(), r.othersBusyCores()));
    }
    return b.toString();
  }

  static void log(String message) {
    System.out.println("[jmx-comparison " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
        + "] " + message);
  }
}
