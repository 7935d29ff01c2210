package io.connectexporter.autorestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.control.ConnectClient;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.http.AutoRestartStatus;
import io.connectexporter.it.Promtool;
import io.connectexporter.metrics.ExporterMetrics;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.LocalHttpServer.Answer;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.state.StateTracker;
import io.connectexporter.testcluster.Ports;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Auto-restart on the captured cluster's poll (the real restarts are in AutoRestartIT): a dry run,
 * where no request is made, and Connect's answers to restarts (refused, 409) from a local server:
 * what is counted, shown and dropped. Rounds run on the calling thread here.
 */
class AutoRestarterTest {

  /**
   * Runs each round at once on the caller's thread, so that the test reads the result right after.
   */
  private static final class InlineExecutor extends AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  private long now;
  private final StateTracker tracker = new StateTracker();
  private final AutoRestarter dryRun =
      new AutoRestarter("prod", on(true, 5, ".*"), null, new InlineExecutor(), () -> now);

  private void poll(ClusterSnapshot s) {
    dryRun.afterPoll(s, tracker.observe(s));
  }

  private Map<String, Double> restarts() {
    return restarts(dryRun);
  }

  private static Map<String, Double> restarts(AutoRestarter restarter) {
    SeriesSet out = new SeriesSet();
    restarter.collect(out);
    return out.get(ExporterMetrics.AUTO_RESTARTS).entrySet().stream()
        .collect(
            Collectors.toMap(
                e ->
                    e.getKey().get("connector")
                        + "/"
                        + e.getKey().get("task")
                        + "/"
                        + e.getKey().get("result"),
                Map.Entry::getValue));
  }

  @Test
  void aDryRunCountsAndShowsWhatItWouldRestartAndForgetsDeletedConnectors() {
    ClusterSnapshot captured = Fixtures.snapshot("4.3.1");
    now = captured.completedAtMillis();
    poll(captured);
    assertEquals(Map.of(), restarts(), "FAILED for 0 s: nothing yet");
    now = captured.completedAtMillis() + 60_000;
    poll(new ClusterSnapshot("prod", now, 0.1, 2, captured.rest(), captured.results(), List.of()));
    assertEquals(
        Map.of(
            "poison-sink/0/dry_run",
            1.0,
            "broken-start-source/0/dry_run",
            1.0,
            "broken-connector//dry_run",
            1.0),
        restarts(),
        "the FAILED tasks and the FAILED connector (task label empty), never the PAUSED or STOPPED ones");
    AutoRestartStatus status = dryRun.status();
    assertEquals("dry-run", status.summary());
    assertTrue(
        status.recentActions().stream()
            .anyMatch(
                l ->
                    l.contains(
                        "cluster=prod connector=poison-sink task=0 "
                            + "(dry-run): attempt 1/5, next backoff 1m, result dry_run")),
        String.join("\n", status.recentActions()));

    now += 1000;
    poll(
        new ClusterSnapshot(
            "prod",
            now,
            0.1,
            3,
            new RestSnapshot("4.3.1", null, null, List.of()),
            Map.of(),
            List.of()));
    assertEquals(Map.of(), restarts(), "no series outlives its connector");
  }

  @Test
  void aWorkerRebalancingInThePollIsSeen() {
    ClusterSnapshot captured = Fixtures.snapshot("4.3.1");
    assertFalse(AutoRestarter.rebalancing(captured), "the captured workers were not rebalancing");
    WorkerJmx first = captured.results("jolokia", WorkerJmx.class).get(0);
    List<MBeanReading> readings =
        first.readings().stream()
            .map(
                r -> {
                  if (r.group() != ConnectMBeans.WORKER_REBALANCE) {
                    return r;
                  }
                  Map<String, Object> attributes = new HashMap<>(r.attributes());
                  attributes.put("rebalancing", 1.0);
                  return new MBeanReading(r.group(), r.keys(), attributes);
                })
            .toList();
    ClusterSnapshot rebalancing =
        new ClusterSnapshot(
            "prod",
            captured.completedAtMillis(),
            0.1,
            1,
            captured.rest(),
            Map.of(
                "jolokia",
                List.of(
                    new WorkerJmx(first.workerId(), readings),
                    captured.results("jolokia", WorkerJmx.class).get(1))),
            List.of());
    assertTrue(AutoRestarter.rebalancing(rebalancing));
  }

  /** The client of a cluster "prod" whose REST API is at {@code url}. */
  private static ConnectClient client(String url) {
    HttpSettings rest =
        new HttpSettings(Duration.ofMillis(500), Duration.ofMillis(500), null, null, true, 1 << 20);
    return ConnectClient.open(
        new ClusterConfig(
            "prod",
            List.of("rest", "jolokia"),
            List.of(URI.create(url)),
            rest,
            null,
            List.of(),
            rest,
            1000,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF));
  }

  @Test
  void restartsConnectRefusesAreFailedAttemptsThatEndInAGiveUp() throws Exception {
    AutoRestartSettings twice = on(false, 2, "poison-sink");
    try (ConnectClient client = client("http://127.0.0.1:" + Ports.free())) {
      AutoRestarter restarter =
          new AutoRestarter("prod", twice, client, new InlineExecutor(), () -> now);
      ClusterSnapshot captured = Fixtures.snapshot("4.3.1");
      for (long t : new long[] {0, 60, 120, 180, 240}) {
        now = captured.completedAtMillis() + t * 1000;
        ClusterSnapshot s =
            new ClusterSnapshot("prod", now, 0.1, 1, captured.rest(), Map.of(), List.of());
        restarter.afterPoll(s, tracker.observe(s));
      }
      assertEquals(
          Map.of("poison-sink/0/failed", 2.0), restarts(restarter), "refused twice: 2 attempts");
      SeriesSet out = new SeriesSet();
      restarter.collect(out);
      assertEquals(
          List.of(1.0), List.copyOf(out.get(ExporterMetrics.AUTO_RESTART_GAVE_UP).values()));
      assertEquals(List.of("connector poison-sink task 0"), restarter.status().givenUp());
      assertTrue(
          restarter
              .status()
              .recentActions()
              .get(1)
              .contains("attempt 2/2, next backoff none (last), result" + " failed: "),
          restarter.status().recentActions().toString());

      // Served through the client library's writer (a scrape-time collector): clean for promtool.
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(text, out.toSnapshots());
      Promtool.assertCheckMetricsClean(text.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aRestartConnectAnswersWith409IsSkippedNotAnAttemptAndMadeAtTheNextPoll() throws Exception {
    String connectorRestart =
        "/connectors/broken-connector/restart?includeTasks=true&onlyFailed=true";
    String taskRestart = "/connectors/broken-start-source/tasks/0/restart";
    String poisonRestart = "/connectors/poison-sink/tasks/0/restart";
    Answer conflict =
        new Answer(
            409,
            ("{\"error_code\":409,\"message\":\"Cannot complete request because of a conflicting"
                    + " operation (e.g. worker rebalance)\"}")
                .getBytes(StandardCharsets.UTF_8),
            0);
    AutoRestartSettings on = on(false, 5, ".*");
    try (LocalHttpServer connect =
            new LocalHttpServer()
                .on(connectorRestart, conflict)
                .on(taskRestart, conflict)
                .on(poisonRestart, conflict);
        ConnectClient client = client(connect.url())) {
      AutoRestarter restarter =
          new AutoRestarter("prod", on, client, new InlineExecutor(), () -> now);
      ClusterSnapshot captured = Fixtures.snapshot("4.3.1");
      Runnable poll =
          () -> {
            ClusterSnapshot s =
                new ClusterSnapshot("prod", now, 0.1, 1, captured.rest(), Map.of(), List.of());
            restarter.afterPoll(s, tracker.observe(s));
          };
      now = captured.completedAtMillis();
      poll.run();
      now += 60_000; // FAILED for min-failed-time: due
      poll.run();
      assertEquals(
          Map.of(
              "broken-connector//skipped_rebalance", 1.0,
              "broken-start-source/0/skipped_rebalance", 1.0,
              "poison-sink/0/skipped_rebalance", 1.0),
          restarts(restarter),
          "a 409 is a rebalance: skipped, and so is the rest of the round");
      assertEquals(
          1, connect.log().size(), "after the 409 the round sends nothing more: " + connect.log());
      String skipped = restarter.status().recentActions().get(0);
      assertTrue(
          skipped.contains(": attempt 0/5, next backoff next poll, result skipped_rebalance"),
          "no attempt used up: " + skipped);
      assertFalse(
          restarter.status().recentActions().stream().anyMatch(l -> l.contains("result failed")),
          restarter.status().recentActions().toString());

      connect
          .on(connectorRestart, new Answer(202, new byte[0], 0))
          .on(taskRestart, new Answer(204, new byte[0], 0))
          .on(poisonRestart, new Answer(204, new byte[0], 0));
      now += 1_000; // the next poll: no backoff to wait for
      poll.run();
      assertEquals(
          Map.of(
              "broken-connector//skipped_rebalance", 1.0,
              "broken-start-source/0/skipped_rebalance", 1.0,
              "poison-sink/0/skipped_rebalance", 1.0,
              "broken-connector//restarted", 1.0,
              "broken-start-source/0/restarted", 1.0,
              "poison-sink/0/restarted", 1.0),
          restarts(restarter));
      assertEquals(
          List.of("POST " + connectorRestart, "POST " + taskRestart, "POST " + poisonRestart),
          connect.log().subList(1, connect.log().size()).stream().sorted().toList(),
          "each part restarted at the next poll");
      List<String> restarted =
          restarter.status().recentActions().stream()
              .filter(l -> l.contains("result restarted"))
              .toList();
      assertEquals(3, restarted.size(), restarted.toString());
      assertTrue(
          restarted.stream().allMatch(l -> l.contains(": attempt 1/5, next backoff 1m,")),
          "the first attempt of each episode: the 409 used none up: " + restarted);
    }
  }

  /** Auto-restart on: 60 s minimum FAILED time and first backoff, 30 min cap, 10 min reset. */
  private static AutoRestartSettings on(boolean dryRun, int maxRestarts, String connectors) {
    return new AutoRestartSettings(
        true,
        dryRun,
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofMinutes(30),
        maxRestarts,
        Duration.ofMinutes(10),
        List.of(Pattern.compile(connectors)),
        List.of());
  }
}
