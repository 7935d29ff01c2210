package io.connectexporter.cli;

import static io.connectexporter.cli.Reports.captured;
import static io.connectexporter.cli.Reports.capturedOnly;
import static io.connectexporter.cli.Reports.reports;
import static io.connectexporter.cli.Reports.unreachable;
import static io.connectexporter.cli.Reports.withTaskIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckVerdictTest {

  @ParameterizedTest
  @ValueSource(strings = {"4.3.1", "3.9.2"})
  void aFailedConnectorOrTaskIsCriticalAndNamed(String kafkaVersion) {
    CheckVerdict verdict = CheckVerdict.of(reports(captured("demo", kafkaVersion)));
    assertEquals(2, verdict.exitCode());
    assertEquals(
        "CRITICAL - demo: 10 connectors, 10 tasks; FAILED: broken-connector, broken-start-source task 0,"
            + " poison-sink task 0",
        verdict.line());
  }

  @Test
  void runningPausedAndStoppedAreHealthy() {
    CheckVerdict verdict = CheckVerdict.of(reports(capturedOnly("demo", Reports::healthy)));
    List<String> states =
        Fixtures.rest("4.3.1").connectors().stream()
            .filter(Reports::healthy)
            .map(ConnectorView::state)
            .distinct()
            .sorted()
            .toList();
    assertEquals(List.of("PAUSED", "RUNNING", "STOPPED"), states, "the capture has all three");
    assertEquals(0, verdict.exitCode());
    assertEquals("OK - demo: 7 connectors, 8 tasks", verdict.line());
  }

  @Test
  void unassignedOrRestartingIsAWarningWithItsState() {
    CheckVerdict unassigned = CheckVerdict.of(reports(withTaskIn("demo", "UNASSIGNED")));
    assertEquals(1, unassigned.exitCode());
    assertTrue(
        unassigned
            .line()
            .startsWith(
                "WARNING - demo: 8 connectors, 9 tasks; not running: moving-sink task 0"
                    + " UNASSIGNED"),
        unassigned.line());
    assertEquals(1, CheckVerdict.of(reports(withTaskIn("demo", "RESTARTING"))).exitCode());
  }

  @Test
  void anUnreachableClusterIsUnknown() {
    CheckVerdict verdict = CheckVerdict.of(reports(unreachable("prod")));
    assertEquals(3, verdict.exitCode());
    assertEquals(
        "UNKNOWN - prod: unreachable (http://127.0.0.1:1/ failed (refused): ConnectException: Connection"
            + " refused)",
        verdict.line());
  }

  @Test
  void acrossClustersFailedWinsOverUnreachableWhichWinsOverWarnings() {
    assertEquals(
        2, CheckVerdict.of(reports(unreachable("prod"), captured("demo", "4.3.1"))).exitCode());
    assertEquals(
        2, CheckVerdict.of(reports(captured("demo", "4.3.1"), unreachable("prod"))).exitCode());
    assertEquals(
        3,
        CheckVerdict.of(reports(withTaskIn("demo", "UNASSIGNED"), unreachable("prod"))).exitCode());
    assertEquals(
        1,
        CheckVerdict.of(reports(capturedOnly("a", Reports::healthy), withTaskIn("b", "UNASSIGNED")))
            .exitCode());
    CheckVerdict both = CheckVerdict.of(reports(captured("demo", "4.3.1"), unreachable("prod")));
    assertTrue(both.line().startsWith("CRITICAL - demo: 10 connectors"), both.line());
    assertTrue(
        both.line().contains(" | prod: unreachable ("), "every cluster is named: " + both.line());
  }

  @Test
  void aLongListIsCut() {
    RestSnapshot all = Fixtures.rest("4.3.1");
    ConnectorView template = all.connectors().get(0);
    List<ConnectorView> failing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      failing.add(
          new ConnectorView(
              "sink-" + i,
              "sink",
              template.className(),
              "RUNNING",
              template.workerId(),
              null,
              List.of(new TaskView(0, "FAILED", template.workerId(), null)),
              1,
              template.configFacts()));
    }
    CheckVerdict verdict =
        CheckVerdict.of(
            reports(
                new Invocation.ClusterRead(
                    "big", new RestSnapshot("4.3.1", null, null, failing), null)));
    assertEquals(
        "CRITICAL - big: 8 connectors, 8 tasks; FAILED: sink-0 task 0, sink-1 task 0, sink-2 task 0,"
            + " sink-3 task 0, sink-4 task 0 and 3 more",
        verdict.line());
  }
}
