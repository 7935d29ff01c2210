package io.connectexporter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the last complete result of every cluster and serves it to the HTTP layer. Each publish
 * builds the combined, immutable {@link MetricSnapshots} once and swaps it in atomically, so a
 * scrape only serializes a finished snapshot and never waits on Connect.
 */
public final class SnapshotStore implements MultiCollector {

  private final Set<String> clusters;
  private final Map<String, SeriesSet> byCluster = new ConcurrentHashMap<>();
  private final Map<String, Long> completedAtMillis = new ConcurrentHashMap<>();
  private volatile MetricSnapshots combined = new MetricSnapshots();

  public SnapshotStore(Set<String> clusters) {
    this.clusters = Set.copyOf(clusters);
  }

  public synchronized void publish(String cluster, SeriesSet series, long completedAt) {
    byCluster.put(cluster, series);
    completedAtMillis.put(cluster, completedAt);
    SeriesSet all = new SeriesSet();
    byCluster.values().forEach(all::addAll);
    combined = all.toSnapshots();
  }

  /** Ready once every configured cluster has completed a poll. */
  public boolean ready() {
    return completedAtMillis.keySet().containsAll(clusters);
  }

  /** When each cluster's served snapshot was completed (epoch millis). */
  public Map<String, Long> completedAtMillis() {
    return Map.copyOf(completedAtMillis);
  }

  @Override
  public MetricSnapshots collect() {
    return combined;
  }
}
