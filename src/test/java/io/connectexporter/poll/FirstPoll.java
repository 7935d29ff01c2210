package io.connectexporter.poll;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.rest.RestSource;
import io.connectexporter.state.StateTracker;
import java.util.List;

/**
 * A snapshot normalized as a cluster's first poll: every state as old as the snapshot, no changes.
 */
public final class FirstPoll {

  private FirstPoll() {}

  /** The normalizer of a cluster with the REST and Connect MBean sources. */
  public static ClusterNormalizer normalizer(boolean includeRates) {
    return new ClusterNormalizer(
        List.of(new RestSource(), new ConnectMBeanSource()),
        new MetricSelection(MetricsSettings.DEFAULT, includeRates));
  }

  public static SeriesSet normalize(ClusterNormalizer normalizer, ClusterSnapshot snapshot) {
    return normalizer.normalize(snapshot, new StateTracker().observe(snapshot), Integer.MAX_VALUE);
  }
}
