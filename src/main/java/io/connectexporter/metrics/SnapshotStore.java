package io.connectexporter.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the last complete result of every cluster for the HTTP layer. Each publish renders every
 * cluster's series once, straight into gzip, in the formats the scrapers asked for since the last
 * publish ({@link FormatDemand}: the text at first, OpenMetrics once Prometheus has scraped), and
 * swaps the result ({@link RenderedSeries}) in atomically: a scrape only copies finished bytes and
 * never waits on Connect.
 */
public final class SnapshotStore {

  private final Set<String> clusters;
  private final Map<String, SeriesSet> byCluster = new TreeMap<>();
  private final Map<String, Long> completedAtMillis = new ConcurrentHashMap<>();

  /**
   * Read at scrape time without the publish lock, which is held while a poll renders (seconds at 1
   * M series).
   */
  private final Map<String, Integer> seriesCounts = new ConcurrentHashMap<>();

  private final FormatDemand demand = new FormatDemand();
  private volatile RenderedSeries rendered = new RenderedSeries(List.of(), demand);

  public SnapshotStore(Set<String> clusters) {
    this.clusters = Set.copyOf(clusters);
  }

  /** Replaces the cluster's series (sealed here: they are only read from now on) and re-renders. */
  public synchronized void publish(String cluster, SeriesSet series, long completedAt) {
    byCluster.put(cluster, series.seal());
    demand.update();
    RenderedSeries next = new RenderedSeries(List.copyOf(byCluster.values()), demand);
    next.renderAsDemanded(demand);
    rendered = next;
    seriesCounts.put(cluster, series.size());
    completedAtMillis.put(cluster, completedAt); // ready only once /metrics serves it
  }

  /** Ready once every configured cluster has completed a poll. */
  public boolean ready() {
    return completedAtMillis.keySet().containsAll(clusters);
  }

  /** How many series each cluster's served snapshot has. */
  public Map<String, Integer> seriesByCluster() {
    return new TreeMap<>(seriesCounts);
  }

  /** The configured clusters without a published poll yet. */
  public Set<String> notYetPublished() {
    Set<String> missing = new java.util.TreeSet<>(clusters);
    missing.removeAll(completedAtMillis.keySet());
    return missing;
  }

  /** When each cluster's served snapshot was completed (epoch millis). */
  public Map<String, Long> completedAtMillis() {
    return Map.copyOf(completedAtMillis);
  }

  /** The last published series, already rendered. */
  public RenderedSeries rendered() {
    return rendered;
  }
}
