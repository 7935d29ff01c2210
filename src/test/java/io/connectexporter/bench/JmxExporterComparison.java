package io.connectexporter.bench;

import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.it.ExternalServer;
import io.connectexporter.it.PromText;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.DemoScenario;
import io.connectexporter.testcluster.Ports;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Side by side on a real 2-worker cluster, each exporter as it is deployed: the Prometheus JMX
 * exporter ({@code jmx_prometheus_javaagent} 1.0.1) as a Java agent inside each worker, one per
 * worker, against one of ours (REST + Jolokia) polling both workers.
 *
 * <p>Method:
 *
 * <ol>
 *   <li>Start a 2-worker Kafka Connect cluster (KRaft broker; each worker with the Jolokia agent
 *       and the JMX exporter agent on a port of its own, both on 127.0.0.1), apply {@link
 *       DemoScenario} (9 connectors: traffic, lag, a failed task, a task failing in start, a failed
 *       connector, paused and stopped ones) and let it settle ({@code -Dsettle.seconds}, default
 *       30). Both agents sit in the workers throughout; each is idle while the other exporter is
 *       measured.
 *   <li>The JMX exporter, twice: with its own Kafka Connect example rules ({@code
 *       src/test/resources/bench/jmx-exporter-kafka-connect.yml}, copied from
 *       prometheus/jmx_exporter {@code examples/kafka-connect.yml}) and "tuned" (the same rules
 *       plus {@code includeObjectNames: ["kafka.connect:*"]}). The agents read one config file,
 *       which the benchmark rewrites between the two runs: the agent reloads a changed file on its
 *       next scrape (checked: the tuned run must answer fewer series). One poll = one scrape of
 *       each worker's agent (what Prometheus does every interval).
 *   <li>Ours: {@code java -jar target/kafka-connect-exporter.jar --config FILE} with the README's
 *       JVM flags ({@code -Dours.jvm.args}), a 1 s poll interval, both workers' REST URLs and
 *       Jolokia agents. One poll = one poll cycle (REST {@code expand} call + one Jolokia bulk read
 *       per worker) plus one /metrics GET; CPU is divided by the poll cycles completed in the
 *       window ({@code kafka_connect_exporter_polls_total}).
 *   <li>Every scrape is made as Prometheus 2.42 makes it (its {@code Accept} header, captured from
 *       a real one: OpenMetrics first; {@code Accept-Encoding: gzip}), so each exporter pays for
 *       the format and compression Prometheus gets. Series are counted on one more GET in the text
 *       format after the window.
 *   <li>Each exporter is warmed up with {@code -Dwarmup} polls at 1/s (default 60; a poll once a
 *       second leaves the JIT compiler busy for minutes: our exporter's compiler threads still used
 *       ~60-85 ms per poll after 60 polls, hence the JIT share reported separately, from the
 *       per-thread counters), then measured in {@code -Drounds} rounds (default 3), each an idle
 *       window of {@code -Didle.seconds} (default 15) with nobody polling the workers, then {@code
 *       -Dscrapes} polls at 1/s (default 30), and one last idle window. Our exporter is paused with
 *       SIGSTOP for its idle windows and resumed 2 s before its polls are counted (its fixed-rate
 *       schedule catches up the missed polls at once: they stay out of the window).
 *   <li><b>Worker CPU added per poll</b> = for each worker, its CPU in the polled window minus its
 *       idle rate (mean of the idle windows just before and just after) × the window's length;
 *       summed over both workers and rounds, divided by the polls. For the JMX agent that is the
 *       exporter's own cost (it runs inside the worker: its JMX walk, rule matching, rendering,
 *       HTTP, and the garbage collection and JIT compilation they cause); for ours it is what the
 *       REST and Jolokia requests cost the workers. Cross-check: the CPU of the agent's own request
 *       threads in the worker (per-thread counters of {@code /proc/PID/task}: the JMX exporter's
 *       {@code prometheus-http-*} threads, Jolokia's, and the JDK HTTP server's dispatcher both run
 *       on), which misses GC and JIT.
 *   <li><b>Exporter CPU per poll</b>: the JMX agent's is its worker CPU added; ours is our
 *       process's CPU in the window / polls, broken down by thread (poll loop, request pool,
 *       /metrics server, GC, JIT...). {@code -Dprofile=true} also records the measured windows with
 *       Java Flight Recorder ({@code jcmd PID JFR.start}) into {@code target/benchmark/ours.jfr}
 *       and prints what the samples were doing ({@link JfrProfile}); figures of a profiled run
 *       carry its overhead.
 *   <li>Writes a Markdown table to {@code target/benchmark/jmx-comparison.md} and prints it, with
 *       per-round figures (their spread is the noise) and the machine's busy CPU outside the
 *       measured processes in each window (other builds on the 2 cores show up there).
 * </ol>
 *
 * Every child process is stopped in {@code finally} (and by a shutdown hook); the cluster closes
 * through {@link AutoCloseable}.
 *
 * <p>{@code mvn -q package -DskipTests exec:java@jmx-exporter-comparison [-Dscrapes=30 -Drounds=3
 * -Dwarmup=60 -Dours.warmup=60 -Didle.seconds=15 -Dsettle.seconds=30 -Dexporters=example,tuned,ours
 * -Dprofile=false -Dours.jvm.args="-Xmx512m -XX:+ExitOnOutOfMemoryError" -Dkafka.version=3.9.2]}.
 * More runs of ours on the same cluster, to compare JVM flags or builds: {@code
 * -Dexporters=ours,ours:c1 -Dours.c1.jvm.args="... -XX:TieredStopAtLevel=1"
 * [-Dours.c1.jar=other.jar]}.
 */
public final class JmxExporterComparison {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final List<Process> CHILDREN = new CopyOnWriteArrayList<>();
  private static final int WORKERS = 2;

  /**
   * Threads of the agents' request handling in a worker, by name as Linux keeps it (lower case):
   * the JMX exporter's handlers, Jolokia's, and the JDK HTTP server's dispatcher, which both agents
   * run on (only the measured one is being polled).
   */
  private static final List<String> AGENT_THREADS =
      List.of("prometheus-http", "jolokia", "http-dispatcher");

  /** The JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1": digits dropped). */
  private static final String JIT_THREADS = "C CompilerThre";

  /**
   * What Prometheus 2.42 sends with every scrape (captured from a real one): OpenMetrics first,
   * gzip.
   */
  static final String PROMETHEUS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,"
          + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  private static int warmup = 60;

  /**
   * Warm-up polls of ours ({@code -Dours.warmup}, default {@code -Dwarmup}): polled once a second
   * its JIT compiler keeps compiling for tens of minutes (a method called a few times per poll
   * reaches C2 after thousands of polls), while the agents' cost is flat from the first rounds.
   */
  private static int oursWarmup;

  private static int rounds = 3;
  private static int idleSeconds = 15;
  private static int scrapes = 30;

  private JmxExporterComparison() {}

  /** CPU counters of every measured process at one instant. */
  record Sample(
      long nanos,
      double[] workerCpu,
      double[] agentThreadCpu,
      double exporterCpu,
      Map<String, Double> exporterThreads,
      double brokerCpu,
      long machineBusyTicks) {}

  /** One polled window and the idle rates of the workers around it. */
  record Round(
      Sample start, Sample end, int polls, double[] idleRateBefore, double[] idleRateAfter) {
    double seconds() {
      return (end.nanos() - start.nanos()) / 1e9;
    }

    /** Both workers' CPU in the window minus their idle rates (mean before/after) × its length. */
    double workerCpuAdded() {
      double sum = 0;
      for (int w = 0; w < WORKERS; w++) {
        sum +=
            end.workerCpu()[w]
                - start.workerCpu()[w]
                - (idleRateBefore[w] + idleRateAfter[w]) / 2 * seconds();
      }
      return sum;
    }

    double agentThreadCpu() {
      double sum = 0;
      for (int w = 0; w < WORKERS; w++) {
        sum += end.agentThreadCpu()[w] - start.agentThreadCpu()[w];
      }
      return sum;
    }

    double exporterCpu() {
      return end.exporterCpu() - start.exporterCpu();
    }

    double machineBusy() {
      return (end.machineBusyTicks() - start.machineBusyTicks()) / 100.0;
    }

    double othersBusy() {
      double measured = exporterCpu() + end.brokerCpu() - start.brokerCpu();
      for (int w = 0; w < WORKERS; w++) {
        measured += end.workerCpu()[w] - start.workerCpu()[w];
      }
      return machineBusy() - measured;
    }
  }

  /** One row of the table. */
  record Result(
      String exporter,
      String config,
      boolean inWorker,
      String wall,
      List<Round> rounds,
      int series,
      int connectSeries,
      double rssMiB,
      String threadBreakdown,
      double jitMs) {

    int polls() {
      return rounds.stream().mapToInt(Round::polls).sum();
    }

    double workerAddedMs() {
      return rounds.stream().mapToDouble(Round::workerCpuAdded).sum() * 1000 / polls();
    }

    double exporterMs() {
      return inWorker
          ? workerAddedMs()
          : rounds.stream().mapToDouble(Round::exporterCpu).sum() * 1000 / polls();
    }

    /**
     * The median of the rounds' exporter CPU per poll: one round with a burst of JIT compilation
     * (ours) or a jump of the workers' idle rate (the agents') does not decide it.
     */
    double exporterMsMedian() {
      double[] perRound =
          rounds.stream()
              .mapToDouble(
                  r -> (inWorker ? r.workerCpuAdded() : r.exporterCpu()) * 1000 / r.polls())
              .sorted()
              .toArray();
      int n = perRound.length;
      return n % 2 == 1 ? perRound[n / 2] : (perRound[n / 2 - 1] + perRound[n / 2]) / 2;
    }

    /**
     * What one poll costs the machine: exporter plus workers (the same figure for an in-worker
     * agent).
     */
    double totalMs() {
      return inWorker ? workerAddedMs() : exporterMs() + workerAddedMs();
    }

    double agentThreadMs() {
      return rounds.stream().mapToDouble(Round::agentThreadCpu).sum() * 1000 / polls();
    }

    String perRound(java.util.function.ToDoubleFunction<Round> cpu) {
      List<String> out = new ArrayList<>();
      for (Round r : rounds) {
        out.add(String.format(Locale.ROOT, "%.1f", cpu.applyAsDouble(r) * 1000 / r.polls()));
      }
      return String.join(" / ", out);
    }

    double othersBusyCores() {
      return rounds.stream().mapToDouble(Round::othersBusy).sum()
          / rounds.stream().mapToDouble(Round::seconds).sum();
    }

    double idleWorkerRate() {
      double sum = 0;
      for (Round r : rounds) {
        sum += Arrays.stream(r.idleRateBefore()).sum() + Arrays.stream(r.idleRateAfter()).sum();
      }
      return sum / 2 / rounds.size();
    }
  }

  public static void main(String[] args) throws Exception {
    scrapes = Integer.getInteger("scrapes", scrapes);
    rounds = Integer.getInteger("rounds", rounds);
    warmup = Integer.getInteger("warmup", warmup);
    oursWarmup = Integer.getInteger("ours.warmup", warmup);
    idleSeconds = Integer.getInteger("idle.seconds", idleSeconds);
    int settle = Integer.getInteger("settle.seconds", 30);
    List<String> exporters =
        List.of(System.getProperty("exporters", "example,tuned,ours").split(","));
    boolean profile = Boolean.getBoolean("profile");
    Path exporterJar =
        Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    Path clusterDir = Path.of(System.getProperty("cluster.dir", "target/cluster"));
    Path agentJar =
        clusterDir.resolve("jmx-exporter").resolve("jmx_prometheus_javaagent.jar").toAbsolutePath();
    Path out = Files.createDirectories(Path.of("target", "benchmark")).toAbsolutePath();
    for (Path jar : List.of(exporterJar, agentJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: run `mvn -q package -DskipTests` first");
      }
    }
    String rules;
    try (InputStream in =
        JmxExporterComparison.class.getResourceAsStream("/bench/jmx-exporter-kafka-connect.yml")) {
      if (in == null) {
        throw new IllegalStateException(
            "bench/jmx-exporter-kafka-connect.yml not on the test classpath");
      }
      rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String tunedRules = "includeObjectNames: [\"kafka.connect:*\"]\n" + rules;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(JmxExporterComparison::destroyChildren, "jmx-comparison-cleanup"));

    Path agentConfig = out.resolve("jmx-exporter-agent.yml");
    Files.writeString(agentConfig, rules);
    int[] agentPorts = new int[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
      agentPorts[i] = Ports.free();
    }
    List<Result> results = new ArrayList<>();
    String kafkaVersion;
    try (ConnectCluster cluster =
        ConnectCluster.builder()
            .workers(WORKERS)
            .extraWorkerJvmArgs(
                i ->
                    List.of(
                        "-javaagent:"
                            + agentJar
                            + "=127.0.0.1:"
                            + agentPorts[i]
                            + ":"
                            + agentConfig))
            .build()) {
      kafkaVersion = cluster.kafkaVersion();
      for (ConnectWorker w : cluster.workers()) {
        log(
            "worker "
                + w.workerId()
                + " pid "
                + w.pid()
                + ", Jolokia "
                + w.jolokiaUrl()
                + ", JMX exporter agent "
                + "http://127.0.0.1:"
                + agentPorts[w.index()]
                + "/metrics");
      }
      DemoScenario.apply(cluster.admin());
      log(
          "demo scenario applied ("
              + DemoScenario.ALL.size()
              + " connectors); settling "
              + settle
              + " s");
      Thread.sleep(settle * 1000L);

      Result example = null;
      if (exporters.contains("example")) {
        example =
            runJmxAgents(
                cluster,
                agentPorts,
                agentConfig,
                rules,
                out,
                "example-rules",
                "its Kafka Connect example rules",
                -1);
        results.add(example);
      }
      if (exporters.contains("tuned")) {
        results.add(
            runJmxAgents(
                cluster,
                agentPorts,
                agentConfig,
                tunedRules,
                out,
                "tuned",
                "example rules + `includeObjectNames: [\"kafka.connect:*\"]`",
                example == null ? -1 : example.series()));
      }
      for (String e : exporters) {
        // "ours" with the README's JVM flags, "ours:NAME" with -Dours.NAME.jvm.args (to compare
        // flags).
        if (e.equals("ours") || e.startsWith("ours:")) {
          // "ours:NAME" may also run another build of the exporter: -Dours.NAME.jar (before/after).
          String prefix = e.equals("ours") ? "ours." : "ours." + e.substring(5) + ".";
          List<String> jvmArgs =
              List.of(
                  System.getProperty(prefix + "jvm.args", "-Xmx512m -XX:+ExitOnOutOfMemoryError")
                      .trim()
                      .split("\\s+"));
          Path jar = Path.of(System.getProperty(prefix + "jar", exporterJar.toString()));
          results.add(runOurs(cluster, jar, jvmArgs, out, profile));
        }
      }
    } finally {
      destroyChildren();
    }

    String table = table(results, kafkaVersion, profile);
    Path file = out.resolve("jmx-comparison.md");
    Files.writeString(file, table);
    System.out.println();
    System.out.println(table);
    System.out.println("written to " + file);
  }

  // ------------------------------------------------------------------ the JMX exporter agents

  static Result runJmxAgents(
      ConnectCluster cluster,
      int[] ports,
      Path agentConfig,
      String config,
      Path out,
      String name,
      String description,
      int seriesBefore)
      throws Exception {
    Files.writeString(agentConfig, config);
    // The agent reloads its file when the modification time is newer than the one it loaded.
    agentConfig.toFile().setLastModified(System.currentTimeMillis() + 2000);
    Files.writeString(out.resolve("jmx-exporter-" + name + ".yml"), config);
    List<String> urls = new ArrayList<>();
    for (int port : ports) {
      urls.add("http://127.0.0.1:" + port + "/metrics");
    }
    log("JMX exporter agents (" + name + "): " + urls);
    Thread.sleep(2500);
    List<Double> wallMs = new ArrayList<>();
    String[] bodies = new String[WORKERS];
    Poll poll =
        () -> {
          for (int w = 0; w < WORKERS; w++) {
            long t0 = System.nanoTime();
            scrape(urls.get(w));
            wallMs.add((System.nanoTime() - t0) / 1e6);
          }
        };
    for (int i = 0; i < warmup; i++) {
      poll.run();
      Thread.sleep(1000);
    }
    wallMs.clear();
    List<Round> measured = new ArrayList<>();
    double[] idleBefore = idleRates(cluster);
    for (int r = 0; r < rounds; r++) {
      Sample start = sample(cluster, -1);
      pollLoop(poll);
      Sample end = sample(cluster, -1);
      double[] idleAfter = idleRates(cluster);
      measured.add(new Round(start, end, scrapes, idleBefore, idleAfter));
      idleBefore = idleAfter;
    }
    int series = 0;
    int connect = 0;
    for (int w = 0; w < WORKERS; w++) {
      bodies[w] = get(urls.get(w)); // the text format, to count series alike for every exporter
      int[] counts = countSeries(bodies[w]);
      series += counts[0];
      connect += counts[1];
      Files.writeString(out.resolve("jmx-exporter-" + name + "-worker-" + w + ".prom"), bodies[w]);
    }
    if (seriesBefore > 0 && series >= seriesBefore) {
      throw new IllegalStateException(
          "the JMX exporter agents answered "
              + series
              + " series with the "
              + name
              + " config, no fewer than before ("
              + seriesBefore
              + "): they did not reload "
              + agentConfig);
    }
    Result result =
        new Result(
            "JMX exporter 1.0.1 javaagent, one per worker",
            description,
            true,
            "scrape p50 "
                + ms(percentile(wallMs, 50))
                + " (p90 "
                + ms(percentile(wallMs, 90))
                + ") per worker",
            measured,
            series,
            connect,
            Double.NaN,
            "",
            Double.NaN);
    log(summary(result));
    return result;
  }

  // ------------------------------------------------------------------ ours

  static Result runOurs(
      ConnectCluster cluster, Path jar, List<String> jvmArgs, Path out, boolean profile)
      throws Exception {
    int port = ExternalServer.freePort();
    Path configFile = out.resolve("jmx-comparison-ours.conf");
    Files.writeString(
        configFile,
        ExporterUnderTest.config(cluster, "bench", "1s").replace("port = 0", "port = " + port)
            + "\n");
    log("our exporter on port " + port + ", config " + configFile);
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(jvmArgs);
    command.addAll(List.of("-jar", jar.toString(), "--config", configFile.toString()));
    Process p = start(command, out.resolve("jmx-comparison-ours.log"));
    Path jfr = out.resolve("ours-" + jar.getFileName().toString().replace(".jar", "") + ".jfr");
    try {
      ExporterUnderTest.awaitReady(port);
      String url = "http://127.0.0.1:" + port + "/metrics";
      List<Double> wallMs = new ArrayList<>();
      List<Double> pollMs = new ArrayList<>();
      String[] body = new String[1];
      Poll poll =
          () -> {
            long t0 = System.nanoTime();
            body[0] = scrape(url);
            wallMs.add((System.nanoTime() - t0) / 1e6);
            pollMs.add(
                PromText.parse(body[0]).sum("kafka_connect_exporter_poll_duration_seconds") * 1000);
          };
      for (int i = 0; i < oursWarmup; i++) {
        poll.run();
        Thread.sleep(1000);
      }
      wallMs.clear();
      pollMs.clear();
      if (profile) {
        Files.deleteIfExists(jfr);
        jcmd(p.pid(), "JFR.start", "name=bench", "settings=profile");
      }
      List<Round> measured = new ArrayList<>();
      Map<String, Double> threads0 = null;
      double[] idleBefore = pausedIdleRates(cluster, p);
      for (int r = 0; r < rounds; r++) {
        long polls0 = polls(get(url));
        Sample start = sample(cluster, p.pid());
        if (threads0 == null) {
          threads0 = start.exporterThreads();
        }
        pollLoop(poll);
        long polls1 = polls(body[0]);
        Sample end = sample(cluster, p.pid());
        double[] idleAfter = pausedIdleRates(cluster, p);
        measured.add(new Round(start, end, (int) (polls1 - polls0), idleBefore, idleAfter));
        idleBefore = idleAfter;
        if (polls1 <= polls0) {
          throw new IllegalStateException("our exporter completed no poll in round " + (r + 1));
        }
      }
      if (profile) {
        jcmd(p.pid(), "JFR.stop", "name=bench", "filename=" + jfr);
      }
      int totalPolls = measured.stream().mapToInt(Round::polls).sum();
      Map<String, Double> threads1 = measured.get(measured.size() - 1).end().exporterThreads();
      String threads = threadBreakdown(threads0, threads1, totalPolls);
      double jitMs =
          (threads1.getOrDefault(JIT_THREADS, 0.0) - threads0.getOrDefault(JIT_THREADS, 0.0))
              * 1000
              / totalPolls;
      body[0] = get(url); // the text format, to count series alike for every exporter
      int[] counts = countSeries(body[0]);
      Files.writeString(out.resolve("jmx-comparison-ours.prom"), body[0]);
      Result result =
          new Result(
              "ours (REST + Jolokia), one for both workers",
              "poll interval 1 s, 1 scrape / poll; `java "
                  + String.join(" ", jvmArgs)
                  + " -jar "
                  + jar.getFileName()
                  + "`",
              false,
              "poll p50 "
                  + ms(percentile(pollMs, 50))
                  + " + /metrics p50 "
                  + ms(percentile(wallMs, 50)),
              measured,
              counts[0],
              counts[1],
              ProcessStats.rssMiB(p.pid()),
              threads,
              jitMs);
      log(summary(result));
      log("our exporter's CPU per poll by thread: " + threads);
      if (profile) {
        log("flight recording: " + jfr);
        JfrProfile.print(jfr, System.out);
      }
      return result;
    } finally {
      stop(p);
    }
  }

  /**
   * Pauses our exporter (SIGSTOP) for an idle window, resumes it and lets its missed polls pass.
   */
  static double[] pausedIdleRates(ConnectCluster cluster, Process exporter) throws Exception {
    signal(exporter.pid(), "STOP");
    try {
      return idleRates(cluster);
    } finally {
      signal(exporter.pid(), "CONT");
      Thread.sleep(2000);
    }
  }

  static long polls(String body) {
    return (long) PromText.parse(body).sum("kafka_connect_exporter_polls_total");
  }

  // ------------------------------------------------------------------ measuring

  @FunctionalInterface
  interface Poll {
    void run() throws Exception;
  }

  /** {@link #scrapes} polls at a fixed rate of 1 per second, the last second included. */
  static void pollLoop(Poll poll) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < scrapes; i++) {
      long wait = start + i * 1_000_000_000L - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      poll.run();
    }
    long wait = start + scrapes * 1_000_000_000L - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Each worker's CPU rate (cores) over {@link #idleSeconds} with nobody polling it. */
  static double[] idleRates(ConnectCluster cluster) throws Exception {
    Sample a = sample(cluster, -1);
    Thread.sleep(idleSeconds * 1000L);
    Sample b = sample(cluster, -1);
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    double[] rates = new double[WORKERS];
    for (int w = 0; w < WORKERS; w++) {
      rates[w] = (b.workerCpu()[w] - a.workerCpu()[w]) / seconds;
    }
    log(
        String.format(
            Locale.ROOT,
            "workers idle over %d s: %.1f + %.1f ms CPU per second",
            idleSeconds,
            rates[0] * 1000,
            rates[1] * 1000));
    return rates;
  }

  static Sample sample(ConnectCluster cluster, long exporterPid) throws IOException {
    double[] workers = new double[WORKERS];
    double[] agents = new double[WORKERS];
    for (int w = 0; w < WORKERS; w++) {
      long pid = cluster.worker(w).pid();
      workers[w] = ProcessStats.cpuSeconds(pid);
      for (Map.Entry<String, Double> e : ProcessStats.threadCpuSecondsByName(pid).entrySet()) {
        String name = e.getKey().toLowerCase(Locale.ROOT);
        if (AGENT_THREADS.stream().anyMatch(name::startsWith)) {
          agents[w] += e.getValue();
        }
      }
    }
    return new Sample(
        System.nanoTime(),
        workers,
        agents,
        exporterPid < 0 ? 0 : ProcessStats.cpuSeconds(exporterPid),
        exporterPid < 0 ? Map.of() : ProcessStats.threadCpuSecondsByName(exporterPid),
        ProcessStats.cpuSeconds(cluster.brokerPid()),
        machineTicks()[0]);
  }

  /**
   * Our exporter's CPU per poll by thread name, largest first (only threads alive at both ends).
   */
  static String threadBreakdown(Map<String, Double> before, Map<String, Double> after, int polls) {
    List<Map.Entry<String, Double>> deltas = new ArrayList<>();
    for (Map.Entry<String, Double> e : after.entrySet()) {
      double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (d > 0) {
        deltas.add(Map.entry(e.getKey(), d));
      }
    }
    deltas.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : deltas) {
      out.add(String.format(Locale.ROOT, "`%s` %.1f ms", e.getKey(), e.getValue() * 1000 / polls));
    }
    return String.join(", ", out);
  }

  static int[] countSeries(String body) {
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
    return new int[] {series, connect};
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

  static void jcmd(long pid, String... command) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
    }
  }

  static void signal(long pid, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  static Process start(List<String> command, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CHILDREN.add(p);
    log("started pid " + p.pid() + ": " + String.join(" ", command));
    return p;
  }

  static void stop(Process p) {
    try {
      signal(p.pid(), "CONT"); // in case it was stopped for an idle window when something failed
    } catch (Exception e) {
      // it has ended
    }
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

  /** A GET as Prometheus makes it (its Accept header, gzip); returns the body, inflated. */
  static String scrape(String url) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", PROMETHEUS_ACCEPT)
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode());
    }
    byte[] body = r.body();
    if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      body =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
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

  static String summary(Result r) {
    return String.format(
        Locale.ROOT,
        "%s (%s): exporter %.1f ms/poll (JIT %.1f), workers +%.1f ms/poll (rounds %s), "
            + "agent threads %.1f ms/poll, %d polls, %d series, others busy %.2f cores",
        r.exporter(),
        r.config(),
        r.exporterMs(),
        r.jitMs(),
        r.workerAddedMs(),
        r.perRound(Round::workerCpuAdded),
        r.agentThreadMs(),
        r.polls(),
        r.series(),
        r.othersBusyCores());
  }

  static String table(List<Result> results, String kafkaVersion, boolean profile) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "# JMX exporter agents vs ours, same 2 workers, same connectors%n%n"
                + "%s, machine: %d cores, Kafka %s, %d Connect workers, %d connectors (DemoScenario); per exporter %d "
                + "warm-up polls%s, then %d rounds of %d s idle + %d polls at 1/s (+ a last idle window); every scrape with "
                + "Prometheus 2.42's headers (OpenMetrics preferred, gzip)%s. "
                + "Reproduce: `mvn -q package -DskipTests exec:java@jmx-exporter-comparison`.%n%n",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
            Runtime.getRuntime().availableProcessors(),
            kafkaVersion,
            WORKERS,
            DemoScenario.ALL.size(),
            warmup,
            oursWarmup == warmup ? "" : " (ours: " + oursWarmup + ")",
            rounds,
            idleSeconds,
            scrapes,
            profile ? "; ours with a flight recording (figures carry its overhead)" : ""));
    b.append(
        "| exporter | config | wall | exporter CPU per poll | worker CPU added per poll (both workers) "
            + "| total CPU per poll | series (Connect) |\n|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %.1f ms | %.1f ms | %d (%d) |%n",
              r.exporter(),
              r.config(),
              r.wall(),
              r.inWorker()
                  ? String.format(
                      Locale.ROOT,
                      "%.1f ms, median of rounds %.1f ms (inside the workers)",
                      r.exporterMs(),
                      r.exporterMsMedian())
                  : String.format(
                      Locale.ROOT,
                      "%.1f ms, median of rounds %.1f ms (JIT %.1f ms)",
                      r.exporterMs(),
                      r.exporterMsMedian(),
                      r.jitMs()),
              r.workerAddedMs(),
              r.totalMs(),
              r.series(),
              r.connectSeries()));
    }
    b.append('\n');
    for (Result ours : results) {
      if (ours.inWorker()) {
        continue;
      }
      for (Result r : results) {
        if (r.inWorker()) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "- JMX exporter (%s) / ours (`%s`): exporter CPU per poll **%.1f×** "
                      + "(medians of rounds: %.1f×), total CPU per poll (exporter + workers) "
                      + "**%.1f×**%n",
                  r.config(),
                  ours.config(),
                  r.exporterMs() / ours.exporterMs(),
                  r.exporterMsMedian() / ours.exporterMsMedian(),
                  r.totalMs() / ours.totalMs()));
        }
      }
      b.append(
          String.format(
              Locale.ROOT,
              "- ours (%s), exporter CPU per poll by thread: %s%n",
              ours.config(),
              ours.threadBreakdown()));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%nNotes: a poll is one scrape of each worker's agent for the JMX "
                + "exporter, one poll cycle (REST `expand` + a Jolokia bulk read per worker) plus one /metrics GET for ours. "
                + "Worker CPU added = each worker's CPU in the polled window − its idle rate (mean of the idle windows just "
                + "before and after, nobody polling) × the window; for the JMX agent that is its whole cost (it runs in "
                + "the worker). \"series (Connect)\" counts `kafka_*` lines other than our own `kafka_connect_exporter_*`.%n%n"));
    b.append(
        "| exporter | config | worker CPU added per poll, by round (ms) | of which the agents' request threads "
            + "| exporter CPU per poll, by round (ms) | polls | workers' idle rate (both) | machine busy outside "
            + "broker+workers+exporter (incl. this harness) | exporter RSS |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.1f ms | %s | %d | %.0f ms/s | %.2f cores | %s |%n",
              r.exporter(),
              r.config(),
              r.perRound(Round::workerCpuAdded),
              r.agentThreadMs(),
              r.inWorker() ? "(= worker CPU added)" : r.perRound(Round::exporterCpu),
              r.polls(),
              r.idleWorkerRate() * 1000,
              r.othersBusyCores(),
              Double.isNaN(r.rssMiB())
                  ? "(in the workers)"
                  : String.format(Locale.ROOT, "%.0f MiB", r.rssMiB())));
    }
    return b.toString();
  }

  static void log(String message) {
    System.out.println(
        "[jmx-comparison "
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
            + "] "
            + message);
  }
}
