package io.connectexporter.state;

import java.util.Collections;
import java.util.Map;

/**
 * What the exporter remembers about the states of one cluster's connectors and tasks after a poll:
 * for each, the state it is in, when the exporter first saw it in that state, and how often the
 * state changed since the exporter first saw the connector or task. Immutable; made by {@link
 * StateTracker}, which holds the only mutable part.
 */
public final class StateHistory {

  /**
   * @param state the current state (as the REST API reported it)
   * @param sinceMillis Unix time in ms of the first poll that saw this state (not Connect's own
   *     time: Connect does not report one)
   * @param changes state changes seen since the exporter first saw the connector or task; 0 at
   *     first sight
   */
  public record Since(String state, long sinceMillis, long changes) {}

  /** A task of a connector. */
  record TaskKey(String connector, int task) {}

  static final StateHistory EMPTY = new StateHistory(Map.of(), Map.of());

  private final Map<String, Since> connectors;
  private final Map<TaskKey, Since> tasks;

  /** Takes ownership of the maps (the tracker builds fresh ones for every poll). */
  StateHistory(Map<String, Since> connectors, Map<TaskKey, Since> tasks) {
    this.connectors = Collections.unmodifiableMap(connectors);
    this.tasks = Collections.unmodifiableMap(tasks);
  }

  /** The connector's state history, or null when the exporter has not seen it. */
  public Since connector(String name) {
    return connectors.get(name);
  }

  /** The task's state history, or null when the exporter has not seen it. */
  public Since task(String connector, int task) {
    return tasks.get(new TaskKey(connector, task));
  }

  /** Connectors plus tasks remembered: bounded by what the last REST answer listed. */
  public int size() {
    return connectors.size() + tasks.size();
  }

  Map<String, Since> connectors() {
    return connectors;
  }

  Map<TaskKey, Since> tasks() {
    return tasks;
  }
}
