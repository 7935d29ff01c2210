package io.connectexporter.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectexporter.control.RestartPlan.Kind;
import io.connectexporter.control.RestartPlan.Step;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPlanTest {

  private static ConnectorView captured(String name) {
    return Fixtures.rest("4.3.1").connectors().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void connect30AndLaterRestartWhatFailedInOneRequest() {
    assertEquals(
        List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1)),
        RestartPlan.forFailed(captured("poison-sink"), "4.3.1"));
    assertEquals(
        List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1)),
        RestartPlan.forFailed(captured("broken-connector"), "3.0.0"));
  }

  @Test
  void olderConnectGetsOneRequestPerFailedTaskAndConnector() {
    assertEquals(
        List.of(new Step(Kind.TASK, 0)), RestartPlan.forFailed(captured("poison-sink"), "2.8.2"));
    assertEquals(
        List.of(new Step(Kind.CONNECTOR, -1)),
        RestartPlan.forFailed(captured("broken-connector"), "2.8.2"));
    ConnectorView base = captured("orders-sink");
    ConnectorView both =
        new ConnectorView(
            "x",
            "sink",
            base.className(),
            "FAILED",
            "w",
            null,
            List.of(
                new TaskView(0, "FAILED", "w", null),
                new TaskView(1, "RUNNING", "w", null),
                new TaskView(2, "FAILED", "w", null)),
            3,
            base.configFacts());
    assertEquals(
        List.of(new Step(Kind.CONNECTOR, -1), new Step(Kind.TASK, 0), new Step(Kind.TASK, 2)),
        RestartPlan.forFailed(both, null));
    assertEquals("connector, task 0, task 2", RestartPlan.failedParts(both));
  }

  @Test
  void nothingFailedNothingToDo() {
    for (String name : List.of("orders-sink", "paused-source", "stopped-source")) {
      assertEquals(List.of(), RestartPlan.forFailed(captured(name), "4.3.1"), name);
      assertEquals(List.of(), RestartPlan.forFailed(captured(name), "2.8.2"), name);
    }
  }

  @Test
  void onlyTheDuePartsOfAutoRestartAreRestarted() {
    assertEquals(
        List.of(new Step(Kind.ONLY_FAILED_IN_ONE_CALL, -1)),
        RestartPlan.forParts(true, List.of(0), "4.3.1"),
        "a FAILED connector with its FAILED tasks in one call");
    assertEquals(
        List.of(new Step(Kind.TASK, 1), new Step(Kind.TASK, 3)),
        RestartPlan.forParts(false, List.of(1, 3), "4.3.1"),
        "tasks alone, one by one: a task still in its backoff is left alone");
    assertEquals(
        List.of(new Step(Kind.CONNECTOR, -1), new Step(Kind.TASK, 0)),
        RestartPlan.forParts(true, List.of(0), "2.8.2"));
  }
}
