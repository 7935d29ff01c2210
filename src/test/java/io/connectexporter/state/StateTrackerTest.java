package io.connectexporter.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * "FAILED for how long" and "how often did it change": what the tracker remembers between polls.
 */
class StateTrackerTest {

  private static final ClusterSnapshot REAL = Fixtures.snapshot("4.3.1");
  private final StateTracker tracker = new StateTracker();

  /**
   * The captured cluster at {@code atMillis}, with the poison sink's task in {@code
   * poisonTaskState}.
   */
  private static ClusterSnapshot poll(long atMillis, String poisonTaskState) {
    return poll(
        atMillis, c -> c.name().equals("poison-sink") ? withTaskState(c, poisonTaskState) : c);
  }

  private static ClusterSnapshot poll(long atMillis, UnaryOperator<ConnectorView> change) {
    List<ConnectorView> connectors =
        REAL.rest().connectors().stream().map(change).filter(c -> c != null).toList();
    return new ClusterSnapshot(
        "c",
        atMillis,
        0.1,
        1,
        new RestSnapshot("4.3.1", "x", "k", connectors),
        Map.of(),
        List.of());
  }

  private static ConnectorView withTaskState(ConnectorView c, String state) {
    return new ConnectorView(
        c.name(),
        c.type(),
        c.className(),
        c.state(),
        c.workerId(),
        c.trace(),
        c.tasks().stream().map(t -> new TaskView(t.id(), state, t.workerId(), t.trace())).toList(),
        c.tasksMax(),
        c.configFacts());
  }

  @Test
  void firstSightStartsTheClockAndCountsNoChange() {
    StateHistory h = tracker.observe(poll(1_000, "FAILED"));
    assertEquals(new StateHistory.Since("FAILED", 1_000, 0), h.task("poison-sink", 0));
    assertEquals(new StateHistory.Since("RUNNING", 1_000, 0), h.connector("orders-source"));
    int tasks = REAL.rest().connectors().stream().mapToInt(c -> c.tasks().size()).sum();
    assertEquals(
        REAL.rest().connectors().size() + tasks, h.size(), "every connector and task, once");
  }

  @Test
  void aStateKeepsItsStartUntilItChangesAndEveryChangeIsCounted() {
    tracker.observe(poll(1_000, "FAILED"));
    assertEquals(
        new StateHistory.Since("FAILED", 1_000, 0),
        tracker.observe(poll(2_000, "FAILED")).task("poison-sink", 0),
        "FAILED since the first poll that saw it, not the latest");
    assertEquals(
        new StateHistory.Since("RESTARTING", 3_000, 1),
        tracker.observe(poll(3_000, "RESTARTING")).task("poison-sink", 0));
    assertEquals(
        new StateHistory.Since("RUNNING", 4_000, 2),
        tracker.observe(poll(4_000, "RUNNING")).task("poison-sink", 0));
    StateHistory h = tracker.observe(poll(5_000, "FAILED"));
    assertEquals(new StateHistory.Since("FAILED", 5_000, 3), h.task("poison-sink", 0));
    assertEquals(
        new StateHistory.Since("RUNNING", 1_000, 0),
        h.connector("orders-source"),
        "others untouched");
  }

  @Test
  void aPollWithoutRestChangesNothing() {
    StateHistory before = tracker.observe(poll(1_000, "FAILED"));
    ClusterSnapshot restDown = new ClusterSnapshot("c", 2_000, 0.1, 2, null, Map.of(), List.of());
    assertSame(before, tracker.observe(restDown), "unknown is not a change");
    assertEquals(
        new StateHistory.Since("FAILED", 1_000, 0),
        tracker.observe(poll(3_000, "FAILED")).task("poison-sink", 0),
        "REST back, same state: no reset, no change counted");
  }

  @Test
  void deletedConnectorsAndTasksAreForgotten() {
    tracker.observe(poll(1_000, "FAILED"));
    tracker.observe(poll(2_000, "RUNNING"));
    StateHistory without =
        tracker.observe(poll(3_000, c -> c.name().equals("poison-sink") ? null : c));
    assertNull(without.connector("poison-sink"));
    assertNull(without.task("poison-sink", 0));
    StateHistory fewerTasks =
        tracker.observe(
            poll(
                3_500,
                c ->
                    c.name().equals("poison-sink")
                        ? null
                        : c.name().equals("orders-source")
                            ? new ConnectorView(
                                c.name(),
                                c.type(),
                                c.className(),
                                c.state(),
                                c.workerId(),
                                c.trace(),
                                c.tasks().subList(0, 1),
                                c.tasksMax(),
                                c.configFacts())
                            : c));
    assertEquals(
        2,
        REAL.rest().connectors().stream()
            .filter(c -> c.name().equals("orders-source"))
            .findFirst()
            .orElseThrow()
            .tasks()
            .size());
    assertNull(fewerTasks.task("orders-source", 1), "a task that no longer exists");
    StateHistory back = tracker.observe(poll(4_000, "FAILED"));
    assertEquals(
        new StateHistory.Since("FAILED", 4_000, 0),
        back.task("poison-sink", 0),
        "a connector created again under the same name starts afresh");
  }
}
