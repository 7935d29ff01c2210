package io.connectexporter.model;

import java.util.List;

/**
 * The finished result of one poll cycle of one cluster: immutable, built by the poller, read by the
 * metrics layer. {@code rest} is null when no REST endpoint answered in this poll.
 */
public record ClusterSnapshot(
    String cluster,
    long completedAtMillis,
    double pollDurationSeconds,
    long pollCount,
    RestSnapshot rest,
    List<WorkerJmx> workers,
    List<TargetHealth> targets) {

  public ClusterSnapshot {
    workers = List.copyOf(workers);
    targets = List.copyOf(targets);
  }
}
