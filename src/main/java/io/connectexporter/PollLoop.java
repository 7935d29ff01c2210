package io.connectexporter;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.state.LatestPolls;
import io.connectexporter.state.StateHistory;
import io.connectexporter.state.StateTracker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's scheduled poll: poll, remember states ({@link StateTracker}, owned here: one per
 * cluster), normalize, publish (the series to the store, the finished poll to {@link LatestPolls}),
 * then hand the poll to auto-restart ({@link AfterPoll}, which only queues its work). It never lets
 * anything escape: a scheduled task that throws is never run again, which is how a poll loop used
 * to die silently. A failed poll publishes nothing (the previous snapshot stays served, and its age
 * shows it), is counted by reason in {@link PollHealth} and logged: in full the first time a kind
 * of failure happens, then as a one-line reminder at most every five minutes. An {@link
 * OutOfMemoryError} ends the process (exit code 3) so that a supervisor restarts it: the heap is no
 * longer trusted.
 */
final class PollLoop {

  /** What runs after each published poll (auto-restart); it must return at once and never throw. */
  interface AfterPoll {
    AfterPoll NONE = (snapshot, history) -> {};

    void published(ClusterSnapshot snapshot, StateHistory history);
  }

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
  private static final long REMINDER_NANOS = Duration.ofMinutes(5).toNanos();
  static final int OUT_OF_MEMORY_EXIT = 3;

  private final ClusterConfig cluster;
  private final Supplier<ClusterSnapshot> poller;
  private final ClusterNormalizer normalizer;
  private final SnapshotStore store;
  private final PollHealth health;
  private final LatestPolls latest;
  private final AfterPoll afterPoll;
  private final StateTracker states = new StateTracker();
  private final Map<String, Long> lastLoggedNanos = new HashMap<>();

  /** {@code poller} is a {@link io.connectexporter.poll.ClusterPoller}'s poll. */
  PollLoop(
      ClusterConfig cluster,
      Supplier<ClusterSnapshot> poller,
      ClusterNormalizer normalizer,
      SnapshotStore store,
      PollHealth health,
      LatestPolls latest,
      AfterPoll afterPoll) {
    this.cluster = cluster;
    this.poller = poller;
    this.normalizer = normalizer;
    this.store = store;
    this.health = health;
    this.latest = latest;
    this.afterPoll = afterPoll;
  }

  void pollOnce() {
    try {
      ClusterSnapshot snapshot = poller.get();
      StateHistory history = states.observe(snapshot);
      SeriesSet series = normalizer.normalize(snapshot, history, cluster.maxSeries());
      if (series.duplicatesDropped() > 0) {
        log.warn(
            "cluster {}: {} duplicate series dropped", cluster.name(), series.duplicatesDropped());
      }
      store.publish(cluster.name(), series, snapshot.completedAtMillis());
      latest.publish(snapshot, history);
      health.completed(cluster.name(), snapshot.completedAtMillis());
      afterPoll.published(snapshot, history);
      log.debug(
          "cluster {}: poll took {} s, {} series",
          cluster.name(),
          snapshot.pollDurationSeconds(),
          series.size());
    } catch (SeriesSet.TooManySeriesException e) {
      failed(PollHealth.TOO_MANY_SERIES, e, false);
    } catch (OutOfMemoryError e) {
      // Logging may itself fail now: say it on stderr first, then stop the JVM without shutdown
      // hooks.
      System.err.println(
          "cluster "
              + cluster.name()
              + ": out of memory while polling; exiting with code "
              + OUT_OF_MEMORY_EXIT
              + " so that the exporter is restarted (raise -Xmx or lower max-series)");
      Runtime.getRuntime().halt(OUT_OF_MEMORY_EXIT);
    } catch (Throwable e) {
      failed(PollHealth.INTERNAL_ERROR, e, true);
    }
  }

  private void failed(String reason, Throwable e, boolean withTrace) {
    health.failed(cluster.name(), reason);
    String kind = reason + ":" + e.getClass().getName();
    long now = System.nanoTime();
    Long last = lastLoggedNanos.get(kind);
    if (last == null) {
      lastLoggedNanos.put(kind, now);
      String message =
          "cluster "
              + cluster.name()
              + ": poll failed ("
              + reason
              + "): "
              + e.getMessage()
              + "; the previous snapshot stays served";
      if (withTrace) {
        log.error(message, e);
      } else {
        log.error(
            message
                + (reason.equals(PollHealth.TOO_MANY_SERIES)
                    ? " (raise max-series for this cluster, or exclude metrics)"
                    : ""));
      }
    } else if (now - last >= REMINDER_NANOS) {
      lastLoggedNanos.put(kind, now);
      log.error("cluster {}: polls still failing ({}): {}", cluster.name(), reason, e.getMessage());
    }
  }
}
