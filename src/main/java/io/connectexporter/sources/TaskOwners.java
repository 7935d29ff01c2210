package io.connectexporter.sources;

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
public final class TaskOwners {

  public static final TaskOwners UNKNOWN = new TaskOwners(null, null);

  private final Map<String, String> ownerByTask;
  private final Set<String> connectors;

  private TaskOwners(Map<String, String> ownerByTask, Set<String> connectors) {
    this.ownerByTask = ownerByTask;
    this.connectors = connectors;
  }

  public static TaskOwners of(RestSnapshot rest) {
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
  public boolean unknown() {
    return ownerByTask == null;
  }

  /** True when REST says this worker runs the task, or REST is unknown. */
  public boolean ownsTask(String worker, String connector, String task) {
    return unknown() || worker.equals(ownerByTask.get(key(connector, task)));
  }

  /** True when REST lists the connector, or REST is unknown. */
  public boolean knowsConnector(String connector) {
    return unknown() || connectors.contains(connector);
  }

  private static String key(String connector, String task) {
    return connector + '\u0000' + task;
  }
}
