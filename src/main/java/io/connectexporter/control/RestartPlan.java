package io.connectexporter.control;

import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests that restart what is FAILED in one connector: on Connect 3.0+ one {@code POST
 * /connectors/X/restart?includeTasks=true&onlyFailed=true}; before, one {@code POST
 * /connectors/X/tasks/N/restart} per FAILED task and {@code POST /connectors/X/restart} when the
 * connector itself FAILED. Used by the {@code restart --failed} command and by auto-restart.
 */
public final class RestartPlan {

  public enum Kind {
    ONLY_FAILED_IN_ONE_CALL,
    CONNECTOR,
    TASK
  }

  /** One request; {@code task} is the task id for {@link Kind#TASK}, else -1. */
  public record Step(Kind kind, int task) {

    public String describe() {
      return switch (kind) {
        case ONLY_FAILED_IN_ONE_CALL -> "restart?includeTasks=true&onlyFailed=true";
        case CONNECTOR -> "connector";
        case TASK -> "task " + task;
      };
    }
  }

  private RestartPlan() {}

  /** Nothing when nothing of the connector FAILED. */
  public static List<Step> forFailed(ConnectorView connector, String connectVersion) {
    boolean connectorFailed = "FAILED".equals(connector.state());
    List<TaskView> failedTasks =
        connector.tasks().stream().filter(t -> "FAILED".equals(t.state())).toList();
    if (!connectorFailed && failedTasks.isEmpty()) {
      return List.of();
    }
    if (ConnectVersion.restartsConnectorAndTasksInOneCall(connectVersion)) {
      return List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1));
    }
    return oneByOne(connectorFailed, failedTasks.stream().map(TaskView::id).toList());
  }

  /**
   * The requests that restart only the given FAILED parts (auto-restart, where each part has its
   * own backoff): a FAILED connector with the one call where Connect has it (which restarts its
   * FAILED tasks too, as a restarted connector may reconfigure them anyway); tasks alone one call
   * each, so that a task whose backoff has not passed is left alone.
   */
  public static List<Step> forParts(
      boolean connectorFailed, List<Integer> failedTasks, String connectVersion) {
    if (connectorFailed && ConnectVersion.restartsConnectorAndTasksInOneCall(connectVersion)) {
      return List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1));
    }
    return oneByOne(connectorFailed, failedTasks);
  }

  private static List<Step> oneByOne(boolean connector, List<Integer> tasks) {
    List<Step> steps = new ArrayList<>();
    if (connector) {
      steps.add(new Step(Kind.CONNECTOR, -1));
    }
    for (int task : tasks) {
      steps.add(new Step(Kind.TASK, task));
    }
    return steps;
  }

  /** "connector, task 0, task 2": what of the connector FAILED, as the status showed it. */
  public static String failedParts(ConnectorView connector) {
    List<String> parts = new ArrayList<>();
    if ("FAILED".equals(connector.state())) {
      parts.add("connector");
    }
    connector.tasks().stream()
        .filter(t -> "FAILED".equals(t.state()))
        .forEach(t -> parts.add("task " + t.id()));
    return String.join(", ", parts);
  }
}
