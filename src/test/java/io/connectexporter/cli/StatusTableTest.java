package io.connectexporter.cli;

import static io.connectexporter.cli.Reports.captured;
import static io.connectexporter.cli.Reports.reports;
import static io.connectexporter.cli.Reports.unreachable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

  private static final String CONNECT_EXCEPTION =
      "org.apache.kafka.connect.errors.ConnectException";

  @Test
  void failedConnectorsComeFirstEachFailureUnderItsRowWithItsExceptionClass() {
    List<String> lines = StatusTable.render(reports(captured("demo", "4.3.1"))).lines().toList();
    assertEquals("demo (Connect 4.3.1): 10 connectors, 10 tasks", lines.get(0));
    assertEquals(
        List.of("CONNECTOR", "TYPE", "STATE", "WORKER", "TASKS"),
        List.of(lines.get(1).split(" +")));
    assertEquals(
        List.of("broken-connector", "source", "FAILED", "connect-1:8083", "-"),
        cells(lines.get(2)));
    assertEquals("  connector FAILED on connect-1:8083: " + CONNECT_EXCEPTION, lines.get(3));
    assertEquals(
        List.of("broken-start-source", "source", "RUNNING", "connect-2:8083", "1", "FAILED"),
        cells(lines.get(4)));
    assertEquals("  task 0 FAILED on connect-2:8083: " + CONNECT_EXCEPTION, lines.get(5));
    // the row names the connector's worker, the failure line the task's
    assertEquals(
        List.of("poison-sink", "sink", "RUNNING", "connect-1:8083", "1", "FAILED"),
        cells(lines.get(6)));
    assertEquals("  task 0 FAILED on connect-2:8083: " + CONNECT_EXCEPTION, lines.get(7));
    // then the rest by name, tasks counted by state
    List<String> rest = lines.subList(8, lines.size()).stream().map(l -> cells(l).get(0)).toList();
    assertEquals(
        List.of(
            "dlq-sink",
            "orders-sink",
            "orders-source",
            "paused-source",
            "secret-sink",
            "slow-sink",
            "stopped-source"),
        rest);
    assertTrue(
        lines.contains(row(lines, "paused-source"))
            && row(lines, "paused-source").endsWith("1 PAUSED"));
    assertTrue(row(lines, "orders-sink").endsWith("2 RUNNING"));
    assertTrue(row(lines, "stopped-source").endsWith("-"));
    // columns line up: every row's TYPE starts where the header's does
    int typeColumn = lines.get(1).indexOf("TYPE");
    for (String l : lines.subList(2, lines.size())) {
      if (!l.startsWith("  ")) {
        assertTrue(l.substring(typeColumn).startsWith("s"), l);
      }
    }
  }

  @Test
  void noMessageOfATraceIsShownOnlyItsClasses() {
    String table = StatusTable.render(reports(captured("demo", "4.3.1")));
    assertFalse(table.contains("refuses to start"), table); // FailingConnector's message
    assertFalse(table.contains("\tat "), table);
  }

  @Test
  void mixedTaskStatesAreCountedFailedFirst() {
    ConnectorView base = Reports.captured("demo", "4.3.1").snapshot().connectors().get(0);
    ConnectorView mixed =
        new ConnectorView(
            "mixed",
            "sink",
            base.className(),
            "RUNNING",
            "w:1",
            null,
            List.of(
                new TaskView(0, "RUNNING", "w:1", null),
                    new TaskView(
                        1,
                        "FAILED",
                        "w:2",
                        "java.lang.IllegalStateException:"
                            + " boom\n\tat x.Y.z(Y.java:1)\nCaused by: java.io.IOException: disk\n"),
                new TaskView(2, "UNASSIGNED", "", null), new TaskView(3, "RUNNING", "w:1", null)),
            4,
            base.configFacts());
    String table =
        StatusTable.render(
            reports(
                new Invocation.ClusterRead(
                    "c", new RestSnapshot("4.3.1", null, null, List.of(mixed)), null)));
    assertTrue(table.contains("1 FAILED, 1 UNASSIGNED, 2 RUNNING"), table);
    assertTrue(
        table.contains(
            "  task 1 FAILED on w:2: java.lang.IllegalStateException,"
                + " root cause java.io.IOException"),
        table);
  }

  @Test
  void namesCannotForgeLinesOrMoveTheCursor() {
    ConnectorView base = Reports.captured("demo", "4.3.1").snapshot().connectors().get(0);
    ConnectorView evil =
        new ConnectorView(
            "a\nOK - fine\u001b[2J",
            "sink",
            base.className(),
            "RUNNING",
            "w:1",
            null,
            List.of(),
            1,
            base.configFacts());
    String table =
        StatusTable.render(
            reports(
                new Invocation.ClusterRead(
                    "c", new RestSnapshot("4.3.1", null, null, List.of(evil)), null)));
    assertEquals(3, table.lines().count(), table);
    assertTrue(table.contains("a?OK - fine?[2J"), table);
  }

  @Test
  void anUnreachableClusterIsOneLineAndTheOthersAreStillShown() {
    List<String> lines =
        StatusTable.render(reports(unreachable("prod"), captured("demo", "4.3.1")))
            .lines()
            .toList();
    assertEquals(
        "prod: unreachable: http://127.0.0.1:1/ failed (refused): ConnectException: Connection refused",
        lines.get(0));
    assertEquals("", lines.get(1));
    assertEquals("demo (Connect 4.3.1): 10 connectors, 10 tasks", lines.get(2));
  }

  private static List<String> cells(String line) {
    return List.of(line.trim().split(" +"));
  }

  private static String row(List<String> lines, String connector) {
    return lines.stream().filter(l -> l.startsWith(connector + " ")).findFirst().orElseThrow();
  }
}
