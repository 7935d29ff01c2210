package io.connectexporter.model;

import java.util.List;

/**
 * One connector as the Connect REST API reports it: status, tasks and the few configuration facts
 * we are allowed to export. The configuration itself is never kept (it holds secrets).
 *
 * @param type "source", "sink" or "unknown" (lower case)
 * @param tasksMax {@code tasks.max} from the config, or null when absent or unparsable
 */
public record ConnectorView(
    String name,
    String type,
    String className,
    String state,
    String workerId,
    String trace,
    List<TaskView> tasks,
    Integer tasksMax,
    ConfigFacts configFacts) {

  public ConnectorView {
    tasks = List.copyOf(tasks);
  }
}
