package io.connectexporter.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whether every cluster's poll loop is alive: when each last completed (published) a poll, and its
 * polls that failed, by reason. A loop that has not completed a poll for {@code
 * unhealthyAfterMissedPolls} intervals makes the exporter unhealthy ({@code /-/healthy} answers
 * 503), so a supervisor can restart a process whose polling is stuck.
 */
public final class PollHealth {

  /** More series than the cluster's max-series. */
  public static final String TOO_MANY_SERIES = "too_many_series";

  /** Anything else thrown in a poll: a bug. */
  public static final String INTERNAL_ERROR = "internal_error";

  private final Set<String> clusters;
  private final long allowedSilenceMillis;
  private final LongSupplier clock;
  private final long startedAtMillis;
  private final Map<String, Long> completedAtMillis = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> failures = new ConcurrentHashMap<>();

  public PollHealth(
      Set<String> clusters, Duration interval, int unhealthyAfterMissedPolls, LongSupplier clock) {
    this.clusters = Set.copyOf(clusters);
    this.allowedSilenceMillis = interval.toMillis() * unhealthyAfterMissedPolls;
    this.clock = clock;
    this.startedAtMillis = clock.getAsLong();
    // Every reason starts at 0, so that increase() sees the first failure.
    for (String cluster : clusters) {
      Map<String, Long> byReason = new ConcurrentHashMap<>();
      byReason.put(TOO_MANY_SERIES, 0L);
      byReason.put(INTERNAL_ERROR, 0L);
      failures.put(cluster, byReason);
    }
  }

  public void completed(String cluster, long atMillis) {
    completedAtMillis.put(cluster, atMillis);
  }

  /**
   * A poll that published nothing; {@code reason} is one of the constants above (it becomes a
   * label).
   */
  public void failed(String cluster, String reason) {
    failures.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>()).merge(reason, 1L, Long::sum);
  }

  /** Failed polls by cluster and reason. */
  public Map<String, Map<String, Long>> failures() {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    failures.forEach((cluster, byReason) -> copy.put(cluster, new TreeMap<>(byReason)));
    return copy;
  }

  /**
   * The clusters that have not completed a poll for too long (since start-up, before the first).
   */
  public Set<String> stalled() {
    long now = clock.getAsLong();
    Set<String> stalled = new java.util.TreeSet<>();
    for (String cluster : clusters) {
      long last = completedAtMillis.getOrDefault(cluster, startedAtMillis);
      if (now - last > allowedSilenceMillis) {
        stalled.add(cluster);
      }
    }
    return stalled;
  }
}
