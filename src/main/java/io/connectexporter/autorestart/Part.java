package io.connectexporter.autorestart;

/** What auto-restart restarts: a connector itself ({@code task} -1) or one of its tasks. */
public record Part(String connector, int task) {

  public static Part connector(String name) {
    return new Part(name, -1);
  }

  public boolean isConnector() {
    return task < 0;
  }

  /** The {@code task} label: empty for the connector itself. */
  public String taskLabel() {
    return isConnector() ? "" : String.valueOf(task);
  }
}
