package io.connectexporter.autorestart;

import io.connectexporter.autorestart.RestartPolicy.Action;
import io.connectexporter.autorestart.RestartPolicy.Attempt;
import io.connectexporter.autorestart.RestartPolicy.Decision;
import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.control.ConnectClient;
import io.connectexporter.control.ConnectRequestException;
import io.connectexporter.control.RestartPlan;
import io.connectexporter.http.AutoRestartStatus;
import io.connectexporter.metrics.ExporterMetrics;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.state.StateHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-restart of one cluster: after each published poll, the {@link RestartPolicy} decides and the
 * restarts are made through the cluster's {@link ConnectClient}, on an executor of its own (one
 * thread), never on the poll thread: a slow or hanging Connect delays restarts, never polls. Each
 * request ends within the client's timeouts; while a round is still running, the next poll's round
 * is skipped (the policy sees the next poll instead), so rounds never pile up.
 *
 * <p>Every action is logged in one line and counted by result; what it gave up on is a gauge.
 * Series of a connector Connect no longer lists are dropped.
 */
public final class AutoRestarter {

  private static final Logger log = LoggerFactory.getLogger(AutoRestarter.class);
  private static final int RECENT_ACTIONS = 20;

  private record CounterKey(Part part, Outcome outcome) {}

  private final String cluster;
  private final AutoRestartSettings settings;
  private final ConnectClient client;
  private final ExecutorService executor;
  private final LongSupplier clock;
  private final RestartPolicy policy;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final Map<CounterKey, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Deque<String> recent = new ArrayDeque<>();
  private volatile List<Part> givenUp = List.of();

  /** {@code executor} runs the rounds: one thread, used by this cluster only. */
  public AutoRestarter(
      String cluster,
      AutoRestartSettings settings,
      ConnectClient client,
      ExecutorService executor,
      LongSupplier clock) {
    this.cluster = cluster;
    this.settings = settings;
    this.client = client;
    this.executor = executor;
    this.clock = clock;
    this.policy = new RestartPolicy(settings);
  }

  /** Called by the poll loop after it published the poll; returns at once. */
  public void afterPoll(ClusterSnapshot snapshot, StateHistory history) {
    if (snapshot.rest() == null || !busy.compareAndSet(false, true)) {
      return;
    }
    boolean rebalancing = rebalancing(snapshot);
    try {
      executor.execute(
          () -> {
            try {
              round(snapshot.rest(), history, rebalancing);
            } catch (RuntimeException e) {
              log.error(
                  "auto-restart: cluster={} round failed; tried again after the next poll",
                  cluster,
                  e);
            } finally {
              busy.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      busy.set(false); // shutting down
    }
  }

  /** True when any worker's connect-worker-rebalance-metrics said rebalancing=1 in this poll. */
  static boolean rebalancing(ClusterSnapshot snapshot) {
    return snapshot.results(ConnectMBeanSource.NAME, WorkerJmx.class).stream()
        .flatMap(w -> w.readings().stream())
        .filter(r -> r.group().equals(ConnectMBeans.WORKER_REBALANCE))
        .map(r -> r.attributes().get("rebalancing"))
        .anyMatch(v -> v instanceof Double d && d >= 1 || Boolean.TRUE.equals(v));
  }

  private void round(RestSnapshot rest, StateHistory history, boolean rebalancing) {
    Decision decision = policy.decide(rest, history, rebalancing, clock.getAsLong());
    for (Part part : decision.gaveUpNow()) {
      note(
          part,
          "gave up after "
              + settings.maxRestarts()
              + " restarts: still FAILED; restart it by hand once the"
              + " cause is fixed");
    }
    boolean conflict = false;
    for (Action action : decision.actions()) {
      conflict = execute(action, rest.version(), conflict);
    }
    Set<String> listed =
        rest.connectors().stream().map(ConnectorView::name).collect(Collectors.toSet());
    counters.keySet().removeIf(k -> !listed.contains(k.part().connector()));
    givenUp = List.copyOf(policy.givenUp()); // sorted
  }

  /**
   * Runs one action; returns true when Connect answered 409 (a rebalance), so that the rest of the
   * round waits.
   */
  private boolean execute(Action action, String connectVersion, boolean conflict) {
    if (action.mode() != RestartPolicy.Mode.RESTART || conflict) {
      Outcome outcome =
          action.mode() == RestartPolicy.Mode.DRY_RUN && !conflict
              ? Outcome.DRY_RUN
              : Outcome.SKIPPED_REBALANCE;
      action.parts().forEach(p -> done(p, outcome, null));
      return conflict;
    }
    for (RestartPlan.Step step :
        RestartPlan.forParts(action.connectorPart(), action.tasks(), connectVersion)) {
      List<Part> parts =
          switch (step.kind()) {
            case ONLY_FAILED_IN_ONE_CALL -> action.parts();
            case CONNECTOR -> List.of(Part.connector(action.connector()));
            case TASK -> List.of(new Part(action.connector(), step.task()));
          };
      try {
        switch (step.kind()) {
          case ONLY_FAILED_IN_ONE_CALL -> client.restartConnectorAndTasks(action.connector(), true);
          case CONNECTOR -> client.restartConnector(action.connector());
          case TASK -> client.restartTask(action.connector(), step.task());
        }
        parts.forEach(p -> done(p, Outcome.RESTARTED, null));
      } catch (ConnectRequestException e) {
        boolean rebalance = e.failure() == ConnectRequestException.Failure.CONFLICT;
        parts.forEach(
            p -> done(p, rebalance ? Outcome.SKIPPED_REBALANCE : Outcome.FAILED, e.getMessage()));
        if (rebalance) {
          return true;
        }
      }
    }
    return false;
  }

  private void done(Part part, Outcome outcome, String error) {
    Attempt attempt = policy.record(part, outcome, clock.getAsLong());
    counters
        .computeIfAbsent(new CounterKey(part, outcome), k -> new AtomicLong())
        .incrementAndGet();
    String next =
        outcome.isAttempt() && attempt.number() >= attempt.max()
            ? "none (last)"
            : outcome.isAttempt() ? human(attempt.nextBackoff()) : "next poll";
    note(
        part,
        "attempt "
            + attempt.number()
            + "/"
            + attempt.max()
            + ", next backoff "
            + next
            + ", result "
            + outcome.label()
            + (error == null ? "" : ": " + error));
  }

  /**
   * Logs one line and keeps it for the status page. Names are from Connect: control characters are
   * masked.
   */
  private void note(Part part, String what) {
    String line =
        "cluster="
            + cluster
            + " connector="
            + safe(part.connector())
            + " task="
            + (part.isConnector() ? "-" : part.taskLabel())
            + (settings.dryRun() ? " (dry-run)" : "")
            + ": "
            + what;
    if (what.startsWith("gave up") || what.contains("result failed")) {
      log.warn("auto-restart: {}", line);
    } else {
      log.info("auto-restart: {}", line);
    }
    synchronized (recent) {
      recent.addFirst(Instant.ofEpochMilli(clock.getAsLong()) + " " + line);
      while (recent.size() > RECENT_ACTIONS) {
        recent.removeLast();
      }
    }
  }

  /** For the status page. */
  public AutoRestartStatus status() {
    List<String> lines;
    synchronized (recent) {
      lines = List.copyOf(recent);
    }
    List<String> gaveUp =
        givenUp.stream()
            .map(p -> "connector " + p.connector() + (p.isConnector() ? "" : " task " + p.task()))
            .toList();
    return new AutoRestartStatus(true, settings.dryRun() ? "dry-run" : "on", gaveUp, lines);
  }

  /** Adds this cluster's auto-restart series. */
  public void collect(SeriesSet out) {
    Map<CounterKey, Long> snapshot = new LinkedHashMap<>();
    counters.forEach((k, v) -> snapshot.put(k, v.get()));
    snapshot.forEach(
        (k, n) ->
            out.add(
                ExporterMetrics.AUTO_RESTARTS,
                n,
                cluster,
                k.part().connector(),
                k.part().taskLabel(),
                k.outcome().label()));
    if (!settings
        .dryRun()) { // a dry run restarted nothing: nothing to give up on, nothing to page for
      givenUp.forEach(
          p ->
              out.add(
                  ExporterMetrics.AUTO_RESTART_GAVE_UP, 1, cluster, p.connector(), p.taskLabel()));
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 && s > 0
        ? s / 3600 + "h"
        : s % 60 == 0 && s > 0
            ? s / 60 + "m"
            : d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
  }

  private static String safe(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
