package io.connectexporter.model;

import java.util.List;
import java.util.Map;

/**
 * The finished result of one poll cycle of one cluster: immutable, built by the poller, read by the
 * metrics layer, the status page and auto-restart. {@code rest} is null when no REST endpoint
 * answered in this poll (or the source is off); REST is kept apart because discovery and states
 * start from it. Every other source's results are in {@code results}, by source name, one per
 * worker that answered.
 *
 * @param targets how every target of every source answered
 */
public record ClusterSnapshot(
    String cluster,
    long completedAtMillis,
    double pollDurationSeconds,
    long pollCount,
    RestSnapshot rest,
    Map<String, List<?>> results,
    List<TargetHealth> targets) {

  public ClusterSnapshot {
    results = Map.copyOf(results);
    targets = List.copyOf(targets);
  }

  /**
   * The results of one source, e.g. {@code results("jolokia", WorkerJmx.class)}; empty when it is
   * off.
   */
  public <R> List<R> results(String source, Class<R> type) {
    return results.getOrDefault(source, List.of()).stream().map(type::cast).toList();
  }
}
