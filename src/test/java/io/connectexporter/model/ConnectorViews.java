package io.connectexporter.model;

import java.util.List;

/** Captured connectors put in another state, for tests of what reads states. */
public final class ConnectorViews {

  private ConnectorViews() {}

  /** The connector as captured, but in {@code state} with {@code tasks}. */
  public static ConnectorView withState(ConnectorView c, String state, List<TaskView> tasks) {
    return new ConnectorView(
        c.name(),
        c.type(),
        c.className(),
        state,
        c.workerId(),
        c.trace(),
        tasks,
        c.tasksMax(),
        c.configFacts());
  }
}
