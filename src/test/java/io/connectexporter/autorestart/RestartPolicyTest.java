package io.connectexporter.autorestart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.autorestart.RestartPolicy.Action;
import io.connectexporter.autorestart.RestartPolicy.Decision;
import io.connectexporter.autorestart.RestartPolicy.Mode;
import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.ConnectorViews;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import io.connectexporter.state.StateHistory;
import io.connectexporter.state.StateTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The auto-restart rules, poll by poll on a clock of the test's, with the states the real cluster
 * reported.
 */
class RestartPolicyTest {

  private static final long S = 1000;
  private static final long T0 = 1_700_000_000_000L;

  private static AutoRestartSettings settings(
      boolean dryRun, List<String> include, List<String> exclude) {
    return new AutoRestartSettings(
        true,
        dryRun,
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofSeconds(240),
        4,
        Duration.ofSeconds(600),
        include.stream().map(Pattern::compile).toList(),
        exclude.stream().map(Pattern::compile).toList());
  }

  private final StateTracker tracker = new StateTracker();
  private RestartPolicy policy = new RestartPolicy(settings(false, List.of(".*"), List.of()));

  /**
   * A connector as the captured cluster reported it (the poison sink: RUNNING with task 0 FAILED).
   */
  private static ConnectorView captured(String name) {
    return Fixtures.rest("4.3.1").connectors().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static ConnectorView with(ConnectorView c, String state, String... taskStates) {
    List<TaskView> tasks = new ArrayList<>();
    for (int i = 0; i < taskStates.length; i++) {
      tasks.add(new TaskView(i, taskStates[i], "w:8083", null));
    }
    return ConnectorViews.withState(c, state, tasks);
  }

  private Decision poll(long at, boolean rebalancing, ConnectorView... connectors) {
    RestSnapshot rest = new RestSnapshot("4.3.1", null, null, List.of(connectors));
    StateHistory history =
        tracker.observe(new ClusterSnapshot("c", at, 0.1, 1, rest, Map.of(), List.of()));
    return policy.decide(rest, history, rebalancing, at);
  }

  private Decision poll(long at, ConnectorView... connectors) {
    return poll(at, false, connectors);
  }

  /** Restarts every due part as Connect accepted it; returns the attempt numbers. */
  private List<Integer> restartAll(Decision d, long at) {
    List<Integer> attempts = new ArrayList<>();
    d.actions()
        .forEach(
            a ->
                a.parts()
                    .forEach(p -> attempts.add(policy.record(p, Outcome.RESTARTED, at).number())));
    return attempts;
  }

  @Test
  void aFailedTaskIsRestartedAfterTheMinimumTimeWithGrowingBackoffThenGivenUp() {
    ConnectorView sink = captured("poison-sink");
    Part task0 = new Part("poison-sink", 0);
    assertEquals(List.of(), poll(T0, sink).actions(), "FAILED for 0 s: not yet");
    assertEquals(List.of(), poll(T0 + 59 * S, sink).actions());
    Decision first = poll(T0 + 60 * S, sink);
    assertEquals(
        List.of(new Action("poison-sink", false, List.of(0), Mode.RESTART)), first.actions());
    assertEquals(List.of(1), restartAll(first, T0 + 60 * S));
    // Connect restarted it and it failed again before the next poll: still FAILED since T0 as seen.
    assertEquals(List.of(), poll(T0 + 119 * S, sink).actions(), "backoff 60 s after attempt 1");
    assertEquals(List.of(2), restartAll(poll(T0 + 120 * S, sink), T0 + 120 * S));
    assertEquals(List.of(), poll(T0 + 239 * S, sink).actions(), "backoff 120 s after attempt 2");
    assertEquals(List.of(3), restartAll(poll(T0 + 240 * S, sink), T0 + 240 * S));
    assertEquals(List.of(), poll(T0 + 479 * S, sink).actions(), "backoff 240 s after attempt 3");
    assertEquals(List.of(4), restartAll(poll(T0 + 480 * S, sink), T0 + 480 * S));
    assertEquals(List.of(), poll(T0 + 719 * S, sink).actions(), "capped at max-backoff 240 s");
    Decision gaveUp = poll(T0 + 720 * S, sink);
    assertEquals(List.of(), gaveUp.actions(), "4 = max-restarts made: no fifth");
    assertEquals(List.of(task0), gaveUp.gaveUpNow());
    assertEquals(
        List.of(), poll(T0 + 2000 * S, sink).gaveUpNow(), "given up once, not at every poll");
    assertEquals(List.of(task0), List.copyOf(policy.givenUp()));
  }

  @Test
  void runningForResetAfterEndsTheEpisodeAndAGiveUp() {
    ConnectorView failed = captured("poison-sink");
    ConnectorView running = with(failed, "RUNNING", "RUNNING");
    poll(T0, failed);
    assertEquals(List.of(1), restartAll(poll(T0 + 60 * S, failed), T0 + 60 * S));
    poll(T0 + 70 * S, running);
    poll(T0 + 669 * S, running); // RUNNING 599 s: the episode goes on
    poll(T0 + 670 * S, failed);
    assertEquals(
        List.of(2),
        restartAll(poll(T0 + 730 * S, failed), T0 + 730 * S),
        "same episode: attempt 2");
    poll(T0 + 740 * S, running);
    poll(T0 + 1340 * S, running); // RUNNING 600 s: the episode ends
    poll(T0 + 1400 * S, failed);
    assertEquals(
        List.of(1),
        restartAll(poll(T0 + 1460 * S, failed), T0 + 1460 * S),
        "a new episode: attempt 1");

    policy = new RestartPolicy(settings(false, List.of(".*"), List.of()));
    for (long t = 1500; t <= 1500 + 60 + 60 + 120 + 240 + 240; t += 30) {
      restartAll(poll(T0 + t * S, failed), T0 + t * S);
    }
    assertEquals(1, policy.givenUp().size(), "given up");
    poll(T0 + 3000 * S, running);
    poll(T0 + 3600 * S, running);
    assertTrue(
        policy.givenUp().isEmpty(), "a human fixed it: RUNNING for reset-after clears the give-up");
  }

  @Test
  void pausedAndStoppedConnectorsAndTheirTasksAreNeverTouched() {
    ConnectorView paused = with(captured("paused-source"), "PAUSED", "FAILED");
    ConnectorView stopped = with(captured("stopped-source"), "STOPPED", "FAILED");
    poll(T0, paused, stopped);
    for (long t = 60; t < 3000; t += 60) {
      assertEquals(List.of(), poll(T0 + t * S, paused, stopped).actions());
    }
  }

  @Test
  void aFailedConnectorIsRestartedWithItsFailedTasksInOneAction() {
    ConnectorView broken = with(captured("broken-connector"), "FAILED", "FAILED", "RUNNING");
    poll(T0, broken);
    assertEquals(
        List.of(new Action("broken-connector", true, List.of(0), Mode.RESTART)),
        poll(T0 + 60 * S, broken).actions());
  }

  @Test
  void includeAndExcludeMatchWholeNamesAndExcludeWins() {
    policy =
        new RestartPolicy(
            settings(false, List.of("poison-.*", "broken-connector"), List.of("broken-.*")));
    ConnectorView sink = captured("poison-sink");
    ConnectorView broken = captured("broken-connector");
    poll(T0, sink, broken);
    assertEquals(
        List.of("poison-sink"),
        poll(T0 + 60 * S, sink, broken).actions().stream().map(Action::connector).toList());
    policy = new RestartPolicy(settings(false, List.of("poison"), List.of()));
    assertEquals(
        List.of(),
        poll(T0 + 61 * S, sink).actions(),
        "\"poison\" does not match all of poison-sink");
  }

  @Test
  void whileRebalancingNothingIsRestartedAndNoAttemptIsUsed() {
    ConnectorView sink = captured("poison-sink");
    poll(T0, sink);
    Decision during = poll(T0 + 60 * S, true, sink);
    assertEquals(
        List.of(Mode.SKIP_REBALANCE), during.actions().stream().map(Action::mode).toList());
    assertEquals(
        0,
        policy.record(new Part("poison-sink", 0), Outcome.SKIPPED_REBALANCE, T0 + 60 * S).number());
    Decision after = poll(T0 + 61 * S, sink);
    assertEquals(
        List.of(Mode.RESTART),
        after.actions().stream().map(Action::mode).toList(),
        "at the next poll");
    assertEquals(List.of(1), restartAll(after, T0 + 61 * S));
  }

  @Test
  void dryRunDecidesTheSameActionsButMarkedDryRun() {
    policy = new RestartPolicy(settings(true, List.of(".*"), List.of()));
    ConnectorView sink = captured("poison-sink");
    poll(T0, sink);
    Decision d = poll(T0 + 60 * S, sink);
    assertEquals(List.of(new Action("poison-sink", false, List.of(0), Mode.DRY_RUN)), d.actions());
    assertEquals(
        1, policy.record(new Part("poison-sink", 0), Outcome.DRY_RUN, T0 + 60 * S).number());
    assertEquals(
        List.of(), poll(T0 + 90 * S, sink).actions(), "a dry run keeps the cadence it would have");
  }

  @Test
  void aDeletedConnectorIsForgotten() {
    ConnectorView sink = captured("poison-sink");
    for (long t = 0; t <= 60 + 60 + 120 + 240 + 240 + 240; t += 30) {
      restartAll(poll(T0 + t * S, sink), T0 + t * S);
    }
    assertEquals(1, policy.givenUp().size());
    poll(T0 + 2000 * S);
    assertTrue(policy.givenUp().isEmpty());
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    AutoRestartSettings s = settings(false, List.of(".*"), List.of());
    assertEquals(
        List.of(60L, 120L, 240L, 240L, 240L),
        List.of(1, 2, 3, 4, 30).stream().map(n -> s.backoffAfter(n).toSeconds()).toList());
  }
}
