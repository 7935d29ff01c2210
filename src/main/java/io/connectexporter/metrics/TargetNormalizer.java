package io.connectexporter.metrics;

import static io.connectexporter.metrics.ExporterMetrics.POLLS;
import static io.connectexporter.metrics.ExporterMetrics.POLL_DURATION;
import static io.connectexporter.metrics.ExporterMetrics.TARGET_DURATION;
import static io.connectexporter.metrics.ExporterMetrics.TARGET_ERRORS;
import static io.connectexporter.metrics.ExporterMetrics.TARGET_UP;

import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.TargetHealth;

/** The exporter's own view of a poll: target health, errors by reason, poll duration. */
public final class TargetNormalizer {

  private TargetNormalizer() {}

  public static void normalize(ClusterSnapshot snapshot, SeriesSet out) {
    String cluster = snapshot.cluster();
    for (TargetHealth t : snapshot.targets()) {
      out.add(TARGET_UP, t.up() ? 1 : 0, cluster, t.source(), t.target(), t.workerId());
      out.add(TARGET_DURATION, t.durationSeconds(), cluster, t.source(), t.target(), t.workerId());
      t.errorsByReason()
          .forEach(
              (reason, count) ->
                  out.add(
                      TARGET_ERRORS, count, cluster, t.source(), t.target(), t.workerId(), reason));
    }
    out.add(POLL_DURATION, snapshot.pollDurationSeconds(), cluster);
    out.add(POLLS, snapshot.pollCount(), cluster);
  }
}
