package io.connectexporter.metrics;

import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which worker REST says runs each task. Task MBeans linger on a worker after a rebalance moved the
 * task away (KAFKA-12965 and friends), so JMX task series are kept only from the owner.
 */
final class TaskOwners {

  static final TaskOwners UNKNOWN = new TaskOwners(null, null);

  private final Map<String, String> ownerByTask;
  private final Set<String> connectors;

  private TaskOwners(Map<String, String> ownerByTask, Set<String> connectors) {
    this.ownerByTask = ownerByTask;
    this.connectors = connectors;
  }

  static TaskOwners of(RestSnapshot rest) {
    Map<String, String> owners = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (ConnectorView c : rest.connectors()) {
      names.add(c.name());
      for (TaskView t : c.tasks()) {
        owners.put(key(c.name(), Integer.toString(t.id())), t.workerId());
      }
    }
    return new TaskOwners(owners, names);
  }

  /** True when the REST state is unknown (REST down this poll): then nothing can be filtered. */
  boolean unknown() {
    return ownerByTask == null;
  }

  /** True when REST says this worker runs the task, or REST is unknown. */
  boolean ownsTask(String worker, String connector, String task) {
    return unknown() || worker.equals(ownerByTask.get(key(connector, task)));
  }

  /** True when REST lists the connector, or REST is unknown. */
  boolean knowsConnector(String connector) {
    return unknown() || connectors.contains(connector);
  }

  /**
   * Splits a sink consumer's client-id {@code connector-consumer-<connector>-<task>}. Connector
   * names may contain dashes, so the task is the last dash-separated part; a connector REST knows
   * confirms the split. Returns null when the id does not have that shape.
   */
  String[] connectorAndTaskOfConsumer(String clientId) {
    String prefix = "connector-consumer-";
    if (clientId == null || !clientId.startsWith(prefix)) {
      return null;
    }
    String rest = clientId.substring(prefix.length());
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
    return new String[] {rest.substring(0, dash), task};
  }

  private static String key(String connector, String task) {
    return connector + '\u0000' + task;
  }
}
