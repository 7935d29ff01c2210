package io.connectexporter.cli;

import io.connectexporter.control.ConnectRequestException;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cluster reads for the formatting tests: the captured demo cluster, a part of it, or an
 * unreachable one.
 */
final class Reports {

  private Reports() {}

  /**
   * The demo scenario as captured from the real cluster (FAILED connector and tasks, PAUSED,
   * STOPPED...).
   */
  static Invocation.ClusterRead captured(String cluster, String kafkaVersion) {
    return new Invocation.ClusterRead(cluster, Fixtures.rest(kafkaVersion), null);
  }

  /** The captured cluster with only the connectors that pass the filter. */
  static Invocation.ClusterRead capturedOnly(String cluster, Predicate<ConnectorView> keep) {
    RestSnapshot all = Fixtures.rest("4.3.1");
    return new Invocation.ClusterRead(
        cluster,
        new RestSnapshot(
            all.version(),
            all.commit(),
            all.kafkaClusterId(),
            all.connectors().stream().filter(keep).toList()),
        null);
  }

  /**
   * The captured healthy connectors plus one whose task has the given state (UNASSIGNED,
   * RESTARTING).
   */
  static Invocation.ClusterRead withTaskIn(String cluster, String state) {
    RestSnapshot healthy = capturedOnly(cluster, Reports::healthy).snapshot();
    ConnectorView template = healthy.connectors().get(0);
    ConnectorView moved =
        new ConnectorView(
            "moving-sink",
            "sink",
            template.className(),
            "RUNNING",
            template.workerId(),
            null,
            List.of(new TaskView(0, state, "", null)),
            1,
            template.configFacts());
    List<ConnectorView> connectors = new java.util.ArrayList<>(healthy.connectors());
    connectors.add(moved);
    return new Invocation.ClusterRead(
        cluster,
        new RestSnapshot(healthy.version(), healthy.commit(), healthy.kafkaClusterId(), connectors),
        null);
  }

  static Invocation.ClusterRead unreachable(String cluster) {
    return new Invocation.ClusterRead(
        cluster,
        null,
        new ConnectRequestException(
            ConnectRequestException.Failure.UNREACHABLE,
            0,
            "http://127.0.0.1:1/ failed (refused): ConnectException: Connection refused"));
  }

  static boolean healthy(ConnectorView c) {
    return !"FAILED".equals(c.state())
        && c.tasks().stream().noneMatch(t -> "FAILED".equals(t.state()));
  }

  static List<ClusterReport> reports(Invocation.ClusterRead... reads) {
    return java.util.Arrays.stream(reads).map(ClusterReport::of).toList();
  }
}
