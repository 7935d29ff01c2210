package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults of a real cluster (its own: 2 workers, one broker) while the exporter polls it every 2 s
 * with a 1.5 s deadline: the broker SIGKILLed and started again (first, on a settled cluster), then
 * a worker frozen with SIGSTOP (it hangs instead of refusing). On every scrape /-/healthy answers
 * 200, and on every new poll the poll fits in the deadline and /metrics passes {@code promtool
 * check metrics}. What the exporter showed is printed per poll ({@code [faults]} lines in the
 * failsafe output).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClusterFaultsIT {

  static final String CLUSTER = "faults";
  static final String TOPIC = "faults-topic";
  static final String SOURCE = "faults-source";
  static final String SINK = "faults-sink";
  static final double DEADLINE_SECONDS = 1.5;

  /** A poll may overrun its deadline by scheduling noise, never by a hung target. */
  static final double MAX_POLL_SECONDS = DEADLINE_SECONDS + 0.5;

  static final Duration WAIT = Duration.ofSeconds(90);

  static ConnectCluster cluster;
  static ConnectWorker frozen;
  static ConnectWorker other;
  static ExporterUnderTest exporter;

  @BeforeAll
  static void start() throws Exception {
    Promtool.binary("promtool"); // absent: fail under CI, else skip before spending a cluster start
    cluster = ConnectCluster.builder().workers(2).build();
    frozen = cluster.worker(0);
    other = cluster.worker(1);
    ConnectorAdmin admin = cluster.admin();
    admin.create(SOURCE, TestConnectors.rateSource(TOPIC, 20, 2));
    admin.awaitTasksRunning(SOURCE, 2, WAIT); // creates the topic before the sink subscribes
    // One task: the topic has one partition, so a second sink task would read nothing.
    admin.create(SINK, TestConnectors.sink(TOPIC, 1));
    admin.awaitTasksRunning(SINK, 1, WAIT);
    exporter = ExporterUnderTest.start(config());
    ExporterUnderTest.awaitReady(
        Integer.parseInt(exporter.baseUrl().replaceFirst(".*:", ""))); // first poll published
  }

  /**
   * The frozen worker's REST URL first, so REST has to fail over; both Jolokia endpoints by hand.
   */
  static String config() {
    String endpoints =
        cluster.workers().stream()
            .map(w -> "{ worker = \"" + w.workerId() + "\", url = \"" + w.jolokiaUrl() + "\" }")
            .collect(Collectors.joining(", "));
    return "exporter { listen { host = \"127.0.0.1\", port = 0 }, poll { interval = 2s, deadline = 1500ms }\n"
        + "  clusters = [{ name = \""
        + CLUSTER
        + "\", rest { urls = [\""
        + frozen.restUrl()
        + "\", \""
        + other.restUrl()
        + "\"], request-timeout = 3s },"
        + " jolokia { url-template = \"\", endpoints = ["
        + endpoints
        + "], request-timeout = 3s } }] }";
  }

  @AfterAll
  static void stop() {
    try {
      if (exporter != null) {
        exporter.close();
      }
    } finally {
      if (cluster != null) {
        cluster
            .workers()
            .forEach(
                w -> {
                  if (w.isFrozen()) {
                    w.thaw();
                  }
                });
        cluster.close();
      }
    }
  }

  @Test
  @Order(2)
  void frozenWorkerTimesOutWhileTheOtherWorkerAndRestStay() throws Exception {
    Watch watch = new Watch();
    // Connector states do not matter here (and after the broker restart Connect may take a while
    // to settle them): only that REST lists the connectors.
    watch.until(
        "baseline",
        WAIT,
        t ->
            jolokiaUp(t, frozen) == 1
                && jolokiaUp(t, other) == 1
                && restUp(t)
                && listed(t, SOURCE)
                && listed(t, SINK)
                && hasWorkerInfo(t, frozen)
                && hasWorkerInfo(t, other));
    double pollsBefore = watch.polls;

    frozen.freeze();
    watch.mark("SIGSTOP " + frozen);
    try {
      PromText down =
          watch.until(
              "frozen: its Jolokia times out",
              Duration.ofSeconds(15),
              t -> jolokiaUp(t, frozen) == 0);
      assertTrue(
          errors(down, frozen.jolokiaUrl()).getOrDefault("timeout", 0.0) > 0,
          "the frozen worker's Jolokia failures count as timeouts: "
              + errors(down, frozen.jolokiaUrl()));
      assertEquals(1.0, jolokiaUp(down, other), "the other worker's Jolokia target stays up");
      assertTrue(hasWorkerInfo(down, other), "the other worker's JMX series stay");
      assertFalse(hasWorkerInfo(down, frozen), "no JMX series from the frozen worker");

      watch.invariant =
          t -> {
            assertEquals(0.0, jolokiaUp(t, frozen), "frozen worker's Jolokia target");
            assertEquals(1.0, jolokiaUp(t, other), "other worker's Jolokia target");
            assertTrue(hasWorkerInfo(t, other), "the other worker's kafka_connect_worker_info");
          };
      PromText failedOver =
          watch.until(
              "frozen: REST answered through the other worker",
              Duration.ofSeconds(15),
              t -> restUp(t) && other.restUrl().equals(restTarget(t)));
      assertTrue(
          listed(failedOver, SOURCE) && listed(failedOver, SINK),
          "REST through the other worker still reports the connectors");
      watch.during("frozen, steady", Duration.ofSeconds(8));
      assertEquals(other.restUrl(), restTarget(watch.last), "REST stays on the other worker");
      assertTrue(restUp(watch.last), "REST stays up");
      assertTrue(
          watch.polls >= pollsBefore + 5,
          "polls kept completing while frozen: " + pollsBefore + " -> " + watch.polls);
    } finally {
      watch.invariant = null;
      frozen.thaw();
      watch.mark("SIGCONT " + frozen);
    }
    watch.until(
        "thawed: its Jolokia answers again",
        Duration.ofSeconds(30),
        t -> jolokiaUp(t, frozen) == 1 && hasWorkerInfo(t, frozen));
    System.err.println(
        "[faults] worker freeze: longest poll "
            + Math.round(watch.maxPollSeconds * 1000)
            + " ms over "
            + watch.newPolls
            + " polls");
  }

  @Test
  @Order(1)
  void brokerKilledAndRestarted() throws Exception {
    Watch watch = new Watch();
    watch.until(
        "baseline",
        WAIT,
        t ->
            jolokiaUp(t, frozen) == 1
                && jolokiaUp(t, other) == 1
                && restUp(t)
                && running(t, SOURCE)
                && running(t, SINK)
                && tasksRunning(t, SOURCE) == 2
                && tasksRunning(t, SINK) == 1
                && sinkRecordsRead(t) > 0);
    double pollsBefore = watch.polls;

    // The workers stay alive: their Jolokia answers throughout.
    watch.invariant =
        t -> {
          assertEquals(
              1.0, jolokiaUp(t, frozen), "worker 0's Jolokia target while the broker is down");
          assertEquals(
              1.0, jolokiaUp(t, other), "worker 1's Jolokia target while the broker is down");
        };
    // The exporter never talks to the broker: where in the 2 s cycle it dies does not matter to it;
    // what the workers do about it (seconds later) is what the polls must survive.
    cluster.killBroker();
    watch.mark("SIGKILL broker");
    try {
      assertFalse(cluster.isBrokerAlive());
      watch.during("broker down", Duration.ofSeconds(20));
      assertTrue(
          watch.polls >= pollsBefore + 8,
          "polls kept completing while the broker was down: " + pollsBefore + " -> " + watch.polls);
    } finally {
      watch.invariant = null;
      if (!cluster.isBrokerAlive()) {
        cluster.startBroker();
        watch.mark("broker restarted");
      }
    }
    Predicate<PromText> recovered =
        t ->
            restUp(t)
                && running(t, SOURCE)
                && running(t, SINK)
                && tasksRunning(t, SOURCE) == 2
                && tasksRunning(t, SINK) == 1
                && !t.find("kafka_connect_sink_task_records_read_total", "connector", SINK)
                    .isEmpty();
    PromText back;
    try {
      back =
          watch.until(
              "after the restart: connectors and tasks RUNNING, REST up",
              WAIT.dividedBy(2),
              recovered);
    } catch (AssertionError stale) {
      // Seen in 2 of ~8 runs: Connect's own status stays UNASSIGNED for minutes after the broker
      // returns (its status writes failed meanwhile). The exporter reports what REST says; an
      // operator
      // restarts the connectors, and so does the test, then the exporter must follow.
      String states = cluster.admin().expandedStatus().toString();
      assertFalse(
          states.contains("\"RUNNING\"") && !states.contains("UNASSIGNED"),
          "Connect says RUNNING but the exporter does not: " + states + "\n" + stale.getMessage());
      watch.mark("connectors restarted by hand (Connect's status stale after the broker restart)");
      cluster.admin().restart(SOURCE, true, false);
      cluster.admin().restart(SINK, true, false);
      back =
          watch.until(
              "after a manual restart: connectors and tasks RUNNING, REST up", WAIT, recovered);
    }
    double readBack = sinkRecordsRead(back);
    watch.until(
        "after the restart: the sink's series keep updating",
        Duration.ofSeconds(60),
        t -> sinkRecordsRead(t) > readBack);
    assertEquals(1.0, jolokiaUp(watch.last, frozen));
    assertEquals(1.0, jolokiaUp(watch.last, other));
    System.err.println(
        "[faults] broker restart: longest poll "
            + Math.round(watch.maxPollSeconds * 1000)
            + " ms over "
            + watch.newPolls
            + " polls");
  }

  // ------------------------------------------------------------------ reading /metrics

  static double jolokiaUp(PromText t, ConnectWorker w) {
    var found =
        t.find(
            "kafka_connect_exporter_target_up",
            "cluster",
            CLUSTER,
            "source",
            "jolokia",
            "target",
            w.jolokiaUrl());
    return found.size() == 1 ? found.get(0).value() : -1;
  }

  static boolean restUp(PromText t) {
    var found = t.find("kafka_connect_exporter_target_up", "cluster", CLUSTER, "source", "rest");
    return found.size() == 1 && found.get(0).value() == 1;
  }

  static String restTarget(PromText t) {
    var found = t.find("kafka_connect_exporter_target_up", "cluster", CLUSTER, "source", "rest");
    return found.size() == 1 ? found.get(0).label("target") : "(" + found.size() + " REST targets)";
  }

  static Map<String, Double> errors(PromText t, String target) {
    Map<String, Double> byReason = new TreeMap<>();
    t.find("kafka_connect_exporter_target_errors_total", "cluster", CLUSTER, "target", target)
        .forEach(s -> byReason.merge(s.label("reason"), s.value(), Double::sum));
    return byReason;
  }

  static boolean hasWorkerInfo(PromText t, ConnectWorker w) {
    return !t.find("kafka_connect_worker_info", "cluster", CLUSTER, "worker", w.workerId())
        .isEmpty();
  }

  static boolean running(PromText t, String connector) {
    return t
        .find(
            "kafka_connect_connector_state",
            "cluster",
            CLUSTER,
            "connector",
            connector,
            "state",
            "RUNNING")
        .stream()
        .anyMatch(s -> s.value() == 1);
  }

  static boolean listed(PromText t, String connector) {
    return t
        .find("kafka_connect_connector_state", "cluster", CLUSTER, "connector", connector)
        .stream()
        .anyMatch(s -> s.value() == 1);
  }

  static String workerTasks(PromText t, ConnectWorker w) {
    var found = t.find("kafka_connect_worker_tasks", "cluster", CLUSTER, "worker", w.workerId());
    return found.size() == 1 ? String.valueOf(Math.round(found.get(0).value())) : "-";
  }

  static String connectorState(PromText t, String connector) {
    return t
        .find("kafka_connect_connector_state", "cluster", CLUSTER, "connector", connector)
        .stream()
        .filter(s -> s.value() == 1)
        .map(s -> s.label("state"))
        .findFirst()
        .orElse("-");
  }

  static long tasksRunning(PromText t, String connector) {
    return t
        .find(
            "kafka_connect_task_state",
            "cluster",
            CLUSTER,
            "connector",
            connector,
            "state",
            "RUNNING")
        .stream()
        .filter(s -> s.value() == 1)
        .count();
  }

  static String taskStates(PromText t, String connector) {
    return t.find("kafka_connect_task_state", "cluster", CLUSTER, "connector", connector).stream()
        .filter(s -> s.value() == 1)
        .map(
            s ->
                s.label("task")
                    + "="
                    + s.label("state")
                    + "@"
                    + s.label("worker").replaceFirst(".*:", ":"))
        .sorted()
        .collect(Collectors.joining(","));
  }

  static double sinkRecordsRead(PromText t) {
    return t.sum(
        "kafka_connect_sink_task_records_read_total", "cluster", CLUSTER, "connector", SINK);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Scrapes about every 400 ms. On every scrape: /-/healthy is 200 and the invariant (if any)
   * holds. On every new poll (polls_total moved): it took at most {@link #MAX_POLL_SECONDS},
   * /metrics is promtool-clean, and one line on what the exporter showed is printed.
   */
  static final class Watch {
    final long t0 = System.nanoTime();
    double polls = -1;
    double maxPollSeconds;
    int newPolls;
    PromText last;
    Consumer<PromText> invariant;

    void mark(String event) {
      System.err.printf("[faults] %6.1fs ---- %s%n", (System.nanoTime() - t0) / 1e9, event);
    }

    PromText scrape(String phase) throws Exception {
      HttpResponse<String> healthy = exporter.get("/-/healthy");
      assertEquals(
          200,
          healthy.statusCode(),
          phase + ": /-/healthy answered " + healthy.statusCode() + " " + healthy.body());
      HttpResponse<String> r = exporter.get("/metrics");
      assertEquals(200, r.statusCode(), phase + ": /metrics");
      PromText t = PromText.parse(r.body());
      double p = t.value("kafka_connect_exporter_polls_total", "cluster", CLUSTER);
      if (p != polls) {
        if (polls >= 0) {
          assertTrue(p > polls, "polls_total went back from " + polls + " to " + p);
          newPolls++;
        }
        polls = p;
        double seconds =
            t.value("kafka_connect_exporter_poll_duration_seconds", "cluster", CLUSTER);
        maxPollSeconds = Math.max(maxPollSeconds, seconds);
        System.err.printf(
            "[faults] %6.1fs %-28s poll %3.0f %5d ms | REST %s up=%s %s | jolokia w0 up=%s %s tasks=%s, "
                + "w1 up=%s %s tasks=%s | %s %s [%s] | %s %s [%s] read=%.0f%n",
            (System.nanoTime() - t0) / 1e9,
            phase,
            p,
            Math.round(seconds * 1000),
            restTarget(t).replaceFirst(".*:", ":"),
            restUp(t) ? 1 : 0,
            errors(t, restTarget(t)),
            jolokiaUp(t, frozen),
            errors(t, frozen.jolokiaUrl()),
            workerTasks(t, frozen),
            jolokiaUp(t, other),
            errors(t, other.jolokiaUrl()),
            workerTasks(t, other),
            SOURCE,
            connectorState(t, SOURCE),
            taskStates(t, SOURCE),
            SINK,
            connectorState(t, SINK),
            taskStates(t, SINK),
            sinkRecordsRead(t));
        assertTrue(
            seconds <= MAX_POLL_SECONDS,
            phase
                + ": poll "
                + p
                + " took "
                + seconds
                + " s (deadline "
                + DEADLINE_SECONDS
                + " s)");
        Promtool.assertCheckMetricsClean(r.body());
      }
      if (invariant != null) {
        invariant.accept(t);
      }
      last = t;
      return t;
    }

    PromText until(String phase, Duration timeout, Predicate<PromText> condition) throws Exception {
      long end = System.nanoTime() + timeout.toNanos();
      while (true) {
        PromText t = scrape(phase);
        if (condition.test(t)) {
          return t;
        }
        if (System.nanoTime() > end) {
          throw new AssertionError(
              phase
                  + ": not reached after "
                  + timeout
                  + "; last /metrics of the cluster:\n"
                  + t.text()
                      .lines()
                      .filter(l -> l.contains("exporter_target") || l.contains("_state{"))
                      .collect(Collectors.joining("\n")));
        }
        sleep(400);
      }
    }

    void during(String phase, Duration duration) throws Exception {
      long end = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < end) {
        scrape(phase);
        sleep(400);
      }
    }
  }
}
