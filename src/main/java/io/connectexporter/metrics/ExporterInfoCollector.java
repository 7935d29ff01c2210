package io.connectexporter.metrics;

import static io.connectexporter.metrics.MetricContract.BUILD_INFO;
import static io.connectexporter.metrics.MetricContract.SNAPSHOT_AGE;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.LongSupplier;

/** Series computed at scrape time: the age of each cluster's snapshot, and build info. */
public final class ExporterInfoCollector implements MultiCollector {

  private final SnapshotStore store;
  private final LongSupplier clock;
  private final String version;

  public ExporterInfoCollector(SnapshotStore store, LongSupplier clock, String version) {
    this.store = store;
    this.clock = clock;
    this.version = version;
  }

  @Override
  public MetricSnapshots collect() {
    SeriesSet out = new SeriesSet();
    long now = clock.getAsLong();
    store.completedAtMillis().forEach((cluster, at) -> out.add(SNAPSHOT_AGE, (now - at) / 1000.0, cluster));
    out.add(BUILD_INFO, 1, version, System.getProperty("java.version", ""));
    return out.toSnapshots();
  }
}
