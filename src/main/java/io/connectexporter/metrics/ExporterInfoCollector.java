package io.connectexporter.metrics;

import static io.connectexporter.metrics.ExporterMetrics.BUILD_INFO;
import static io.connectexporter.metrics.ExporterMetrics.POLL_FAILURES;
import static io.connectexporter.metrics.ExporterMetrics.SERIES;
import static io.connectexporter.metrics.ExporterMetrics.SNAPSHOT_AGE;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.LongSupplier;

/**
 * Series computed at scrape time: the age of each cluster's snapshot, the polls that failed (they
 * published no snapshot to carry them), and build info.
 */
public final class ExporterInfoCollector implements MultiCollector {

  private final SnapshotStore store;
  private final PollHealth health;
  private final LongSupplier clock;
  private final String version;

  public ExporterInfoCollector(
      SnapshotStore store, PollHealth health, LongSupplier clock, String version) {
    this.store = store;
    this.health = health;
    this.clock = clock;
    this.version = version;
  }

  @Override
  public MetricSnapshots collect() {
    SeriesSet out = new SeriesSet();
    long now = clock.getAsLong();
    store
        .completedAtMillis()
        .forEach((cluster, at) -> out.add(SNAPSHOT_AGE, (now - at) / 1000.0, cluster));
    store.seriesByCluster().forEach((cluster, n) -> out.add(SERIES, n, cluster));
    health
        .failures()
        .forEach(
            (cluster, byReason) ->
                byReason.forEach(
                    (reason, count) -> out.add(POLL_FAILURES, count, cluster, reason)));
    out.add(BUILD_INFO, 1, version, System.getProperty("java.version", ""));
    return out.toSnapshots();
  }
}
