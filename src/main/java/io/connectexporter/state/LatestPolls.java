package io.connectexporter.state;

import io.connectexporter.model.ClusterSnapshot;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last published poll of each cluster, as finished objects, for readers that need more than the
 * rendered metrics (the status page). Published by the poll loop right after the same poll's
 * series; reading never triggers or waits for a poll.
 *
 * <p>The workers' JMX readings are not kept (they are most of a snapshot's memory and the series
 * already carry them): a kept snapshot has the REST answer, the targets' health and the poll facts.
 */
public final class LatestPolls {

  /** One cluster's last published poll and the state history as of that poll. */
  public record Poll(ClusterSnapshot snapshot, StateHistory history) {}

  private final Map<String, Poll> byCluster = new ConcurrentHashMap<>();

  public void publish(ClusterSnapshot snapshot, StateHistory history) {
    ClusterSnapshot slim =
        new ClusterSnapshot(
            snapshot.cluster(),
            snapshot.completedAtMillis(),
            snapshot.pollDurationSeconds(),
            snapshot.pollCount(),
            snapshot.rest(),
            Map.of(),
            snapshot.targets());
    byCluster.put(snapshot.cluster(), new Poll(slim, history));
  }

  /** The cluster's last published poll, or null before its first. */
  public Poll latest(String cluster) {
    return byCluster.get(cluster);
  }
}
