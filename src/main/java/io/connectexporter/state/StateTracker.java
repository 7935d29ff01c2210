package io.connectexporter.state;

import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers each connector's and task's state between the polls of one cluster, so that "FAILED for
 * how long" and "how often did it change state" need no guessing. One per cluster, owned by its
 * poll loop (the only thread that calls {@link #observe}); what it knows after each poll is handed
 * on as an immutable {@link StateHistory}.
 *
 * <p>Only REST answers count: a poll in which REST did not answer changes nothing (the states are
 * unknown, not changed). A connector or task missing from a REST answer is forgotten (deleted, or
 * fewer tasks), so that no series outlives it and memory is bounded by the cluster's size; if it
 * comes back, it is seen for the first time again.
 */
public final class StateTracker {

  private StateHistory last = StateHistory.EMPTY;

  /** Folds one finished poll into the history and returns the history as of that poll. */
  public StateHistory observe(ClusterSnapshot snapshot) {
    if (snapshot.rest() == null) {
      return last;
    }
    long now = snapshot.completedAtMillis();
    Map<String, StateHistory.Since> connectors = new HashMap<>();
    Map<StateHistory.TaskKey, StateHistory.Since> tasks = new HashMap<>();
    for (ConnectorView c : snapshot.rest().connectors()) {
      connectors.put(c.name(), next(last.connectors().get(c.name()), c.state(), now));
      for (TaskView t : c.tasks()) {
        StateHistory.TaskKey key = new StateHistory.TaskKey(c.name(), t.id());
        tasks.put(key, next(last.tasks().get(key), t.state(), now));
      }
    }
    last = new StateHistory(connectors, tasks);
    return last;
  }

  private static StateHistory.Since next(StateHistory.Since before, String state, long now) {
    String current = state == null ? "UNKNOWN" : state;
    if (before == null) {
      return new StateHistory.Since(current, now, 0);
    }
    if (before.state().equals(current)) {
      return before;
    }
    return new StateHistory.Since(current, now, before.changes() + 1);
  }
}
