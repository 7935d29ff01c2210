package io.connectexporter.cli;

import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.ExceptionClasses;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster as {@code status} and {@code check} show it: connectors worst first (FAILED, then
 * UNASSIGNED or RESTARTING, then the rest, each by name), or why the cluster could not be read.
 *
 * @param version Connect's version, null when unreachable
 * @param error why the cluster could not be read, null when it was
 */
public record ClusterReport(
    String cluster, String version, List<Connector> connectors, String error) {

  /**
   * A connector with its tasks and every FAILED part (connector or task) listed; {@code health} is
   * the worst.
   */
  public record Connector(
      String name,
      String type,
      String state,
      String worker,
      List<TaskView> tasks,
      List<Failure> failures,
      Health health) {

    /** Task counts by state, FAILED first then by health and name: "1 FAILED, 2 RUNNING". */
    public Map<String, Integer> tasksByState() {
      List<TaskView> sorted = new ArrayList<>(tasks);
      sorted.sort(
          Comparator.comparing((TaskView t) -> Health.of(t.state()))
              .reversed()
              .thenComparing(TaskView::state));
      Map<String, Integer> byState = new LinkedHashMap<>();
      for (TaskView t : sorted) {
        byState.merge(t.state(), 1, Integer::sum);
      }
      return byState;
    }
  }

  /**
   * A FAILED connector ({@code task} null) or task, with the exception classes of its trace (never
   * the message: it can hold hosts, queries or credentials).
   */
  public record Failure(
      Integer task, String worker, String exceptionClass, String rootCauseClass) {}

  public static ClusterReport of(Invocation.ClusterRead read) {
    if (read.error() != null) {
      return new ClusterReport(read.cluster(), null, List.of(), read.error().getMessage());
    }
    List<Connector> connectors = new ArrayList<>();
    for (ConnectorView c : read.snapshot().connectors()) {
      connectors.add(connector(c));
    }
    connectors.sort(
        Comparator.comparing(Connector::health).reversed().thenComparing(Connector::name));
    return new ClusterReport(read.cluster(), read.snapshot().version(), connectors, null);
  }

  public boolean reachable() {
    return error == null;
  }

  public int taskCount() {
    return connectors.stream().mapToInt(c -> c.tasks().size()).sum();
  }

  private static Connector connector(ConnectorView c) {
    Health health = Health.of(c.state());
    List<Failure> failures = new ArrayList<>();
    if ("FAILED".equals(c.state())) {
      failures.add(
          new Failure(
              null,
              c.workerId(),
              ExceptionClasses.top(c.trace()),
              ExceptionClasses.rootCause(c.trace())));
    }
    for (TaskView t : c.tasks()) {
      health = health.worst(Health.of(t.state()));
      if ("FAILED".equals(t.state())) {
        failures.add(
            new Failure(
                t.id(),
                t.workerId(),
                ExceptionClasses.top(t.trace()),
                ExceptionClasses.rootCause(t.trace())));
      }
    }
    return new Connector(c.name(), c.type(), c.state(), c.workerId(), c.tasks(), failures, health);
  }
}
