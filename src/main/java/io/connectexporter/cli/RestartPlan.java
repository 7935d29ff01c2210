package io.connectexporter.cli;

import io.connectexporter.control.ConnectVersion;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests that restart what is FAILED in one connector: on Connect 3.0+ one
 * {@code POST /connectors/X/restart?includeTasks=true&onlyFailed=true}; before, one
 * {@code POST /connectors/X/tasks/N/restart} per FAILED task and {@code POST /connectors/X/restart}
 * when the connector itself FAILED.
 */
final class RestartPlan {

  enum Kind { ONLY_FAILED_IN_ONE_CALL, CONNECTOR, TASK }

  /** One request; {@code task} is the task id for {@link Kind#TASK}, else -1. */
  record Step(Kind kind, int task) {

    String describe() {
      return switch (kind) {
        case ONLY_FAILED_IN_ONE_CALL -> "restart?includeTasks=true&onlyFailed=true";
        case CONNECTOR -> "connector";
        case TASK -> "task " + task;
      };
    }
  }

  private RestartPlan() {
  }

  /** Nothing when nothing of the connector FAILED. */
  static List<Step> forFailed(ConnectorView connector, String connectVersion) {
    boolean connectorFailed = "FAILED".equals(connector.state());
    List<TaskView> failedTasks = connector.tasks().stream().filter(t -> "FAILED".equals(t.state())).toList();
    if (!connectorFailed && failedTasks.isEmpty()) {
      return List.of();
    }
    if (ConnectVersion.restartsConnectorAndTasksInOneCall(connectVersion)) {
      return List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1));
    }
    List<Step> steps = new ArrayList<>();
    if (connectorFailed) {
      steps.add(new Step(Kind.CONNECTOR, -1));
    }
    for (TaskView t : failedTasks) {
      steps.add(new Step(Kind.TASK, t.id()));
    }
    return steps;
  }

  /** "connector, task 0, task 2": what of the connector FAILED, as the status showed it. */
  static String failedParts(ConnectorView connector) {
    List<String> parts = new ArrayList<>();
    if ("FAILED".equals(connector.state())) {
      parts.add("connector");
    }
    connector.tasks().stream().filter(t -> "FAILED".equals(t.state())).forEach(t -> parts.add("task " + t.id()));
    return String.join(", ", parts);
  }
}
