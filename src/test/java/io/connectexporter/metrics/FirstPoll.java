package io.connectexporter.metrics;

import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.state.StateTracker;

/** A snapshot normalized as a cluster's first poll: every state as old as the snapshot, no changes. */
public final class FirstPoll {

  private FirstPoll() {
  }

  public static SeriesSet normalize(ClusterNormalizer normalizer, ClusterSnapshot snapshot) {
    return normalizer.normalize(snapshot, new StateTracker().observe(snapshot), Integer.MAX_VALUE);
  }
}
