package io.connectexporter.model;

import java.util.List;

/**
 * What an MBean belongs to, and so which labels its series carry besides {@code cluster} and {@code
 * worker}: written once here, for every group of that scope, with how the names are found in the
 * ObjectName.
 */
public enum MBeanScope {
  /**
   * The worker itself (or something it hosts that is not a connector, e.g. MirrorMaker's flows).
   */
  WORKER(List.of()),
  /** A connector: ObjectName key {@code connector}. */
  CONNECTOR(List.of("connector")),
  /** A task: ObjectName keys {@code connector} and {@code task}. */
  TASK(List.of("connector", "task")),
  /** A sink task's consumer: from its client-id {@code connector-consumer-<connector>-<task>}. */
  SINK_CONSUMER(List.of("connector", "task"));

  private static final String CONSUMER_PREFIX = "connector-consumer-";

  private final List<String> labels;

  MBeanScope(List<String> labels) {
    this.labels = labels;
  }

  /**
   * The label names this scope adds, in order: none, {@code connector}, or {@code connector, task}.
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * Whose MBean this is; null when its name lacks what this scope needs (such an MBean is skipped).
   */
  public Owner ownerOf(MBeanReading r) {
    return switch (this) {
      case WORKER -> Owner.WORKER;
      case CONNECTOR -> r.key("connector") == null ? null : new Owner(r.key("connector"), null);
      case TASK ->
          r.key("connector") == null || r.key("task") == null
              ? null
              : new Owner(r.key("connector"), r.key("task"));
      case SINK_CONSUMER -> ofConsumer(r.key("client-id"));
    };
  }

  /**
   * Splits a sink consumer's client-id {@code connector-consumer-<connector>-<task>}. Connector
   * names may contain dashes, so the task is the last dash-separated part.
   */
  private static Owner ofConsumer(String clientId) {
    if (clientId == null || !clientId.startsWith(CONSUMER_PREFIX)) {
      return null;
    }
    String rest = clientId.substring(CONSUMER_PREFIX.length());
    int dash = rest.lastIndexOf('-');
    if (dash <= 0 || dash == rest.length() - 1) {
      return null;
    }
    String task = rest.substring(dash + 1);
    for (int i = 0; i < task.length(); i++) {
      if (!Character.isDigit(task.charAt(i))) {
        return null;
      }
    }
    return new Owner(rest.substring(0, dash), task);
  }

  /**
   * The connector and task an MBean belongs to ({@code null} where its scope has none).
   *
   * @param task the task id as in the ObjectName, e.g. "0"
   */
  public record Owner(String connector, String task) {
    public static final Owner WORKER = new Owner(null, null);
  }
}
