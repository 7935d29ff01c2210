package io.connectexporter.http;

import static io.connectexporter.model.ConnectorViews.withState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.TaskView;
import io.connectexporter.state.LatestPolls;
import io.connectexporter.state.StateTracker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The status page, rendered from the captured cluster's poll (the browser test reads it from a live
 * one).
 */
class StatusPageTest {

  private static final String SCRIPT_NAME = "<script>alert(1)</script>";
  private static final String SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
  private static final long POLLED_AT = 1_700_000_000_000L;
  private static final List<TargetHealth> TARGETS =
      List.of(
          new TargetHealth("rest", "http://connect-1:8083", "", true, 0.004, null, Map.of()),
          new TargetHealth(
              "jolokia",
              "http://connect-1:8778/jolokia",
              "connect-1:8083",
              true,
              0.01,
              null,
              Map.of()),
          new TargetHealth(
              "jolokia",
              "http://connect-2:8778/jolokia",
              "connect-2:8083",
              false,
              0.9,
              "timeout",
              Map.of("timeout", 3L)));

  private final LatestPolls latest = new LatestPolls();
  private final StateTracker tracker = new StateTracker();

  /** The captured cluster, with the poison sink renamed to markup. */
  private static ClusterSnapshot captured(long atMillis) {
    ClusterSnapshot real = Fixtures.snapshot("4.3.1");
    List<ConnectorView> connectors =
        real.rest().connectors().stream()
            .map(
                c ->
                    c.name().equals("poison-sink")
                        ? new ConnectorView(
                            SCRIPT_NAME,
                            c.type(),
                            c.className(),
                            c.state(),
                            c.workerId(),
                            c.trace(),
                            c.tasks(),
                            c.tasksMax(),
                            c.configFacts())
                        : c)
            .toList();
    return new ClusterSnapshot(
        "prod",
        atMillis,
        0.042,
        7,
        new RestSnapshot("4.3.1", "abc", "k", connectors),
        real.results(),
        TARGETS);
  }

  private void publish(ClusterSnapshot s) {
    latest.publish(s, tracker.observe(s));
  }

  private String render(long nowMillis) {
    return new StatusPage(
            List.of("prod", "staging"),
            latest,
            c -> AutoRestartStatus.OFF,
            Duration.ofSeconds(5),
            () -> nowMillis,
            "1.2.3")
        .render();
  }

  @Test
  void failuresComeFirstWithTheirExceptionWorkerAndHowLong() {
    publish(captured(POLLED_AT));
    String page = render(POLLED_AT + 90_000);
    String attention = section(page, "<table class=\"attention\">", "</table>");
    List<String> rows = attention.lines().filter(l -> l.startsWith("<tr class=")).toList();
    assertEquals(
        3,
        rows.size(),
        "the FAILED connector and the two FAILED tasks, nothing settled:\n" + attention);
    assertTrue(rows.stream().allMatch(r -> r.startsWith("<tr class=\"state-FAILED\">")), attention);
    String poison =
        rows.stream().filter(r -> r.contains("&lt;script&gt;")).findFirst().orElseThrow();
    assertTrue(
        poison.contains(
            "<td>0</td><td>FAILED</td><td title=\"since 2023-11-14 22:13:20 UTC\">1 min 30 s</td>"
                + "<td>0</td><td>connect-2:8083</td><td>org.apache.kafka.connect.errors.ConnectException</td>"),
        poison);
    assertTrue(
        rows.get(1).contains("<td>broken-connector</td><td>(connector)</td>")
            && rows.get(2).contains("<td>broken-start-source</td><td>0</td>"),
        "by connector name within a state: " + rows);
    // Root cause: the class of the last "Caused by:" (this captured trace's chain is
    // ConnectException <- KafkaException <- InvocationTargetException <- ConnectException).
    assertEquals(
        List.of(
            "org.apache.kafka.connect.errors.ConnectException",
            "org.apache.kafka.connect.errors.ConnectException"),
        cells(rows.get(2)).subList(6, 8),
        "Exception and Root cause of broken-start-source task 0: " + rows.get(2));
    assertEquals(
        "org.apache.kafka.connect.errors.ConnectException",
        cells(rows.get(1)).get(7),
        "a trace without a cause is its own root cause: " + rows.get(1));
    assertFalse(
        attention.contains("KafkaException") || attention.contains("InvocationTargetException"),
        "only the last cause is shown, not one in the middle of the chain");
    assertFalse(attention.contains("refuses to start"), "never the message");
    assertTrue(
        page.indexOf("<table class=\"counts\">") < page.indexOf("<table class=\"attention\">"));
    String counts = section(page, "<table class=\"counts\">", "</table>");
    assertTrue(
        counts.indexOf("<td>FAILED</td><td>1</td><td>2</td>") < counts.indexOf("<td>RUNNING</td>"),
        counts);
  }

  @Test
  void everythingFromConnectIsTextAndNothingIsLoadedFromElsewhere() {
    publish(captured(POLLED_AT));
    String page = render(POLLED_AT);
    assertFalse(page.contains(SCRIPT_NAME), "the name is never markup");
    assertTrue(page.contains(SCRIPT_ESCAPED));
    assertFalse(page.toLowerCase().contains("<script"), "no script at all");
    assertFalse(
        page.matches("(?s).*(src=|<link|@import|url\\(|https?://(?!connect-)).*"),
        "no external asset: only the targets' own URLs are named");
    assertTrue(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"));
    for (String link : List.of("href=\"metrics\"", "href=\"-/healthy\"", "href=\"-/ready\"")) {
      assertTrue(page.contains(link), link);
    }
  }

  @Test
  void workersReachabilityPollTimeAndAutoRestartPerCluster() {
    publish(captured(POLLED_AT));
    String page = render(POLLED_AT + 3_000);
    String prod = section(page, "<section class=\"cluster\" data-cluster=\"prod\">", "</section>");
    assertTrue(
        prod.contains(
            "Last poll completed 2023-11-14 22:13:20 UTC (3 s ago), took 0.042 s; Connect 4.3.1."),
        prod);
    String targets = section(prod, "<table class=\"targets\">", "</table>");
    List<String> rows = targets.lines().filter(l -> l.startsWith("<tr class=")).toList();
    assertEquals(
        List.of(
            "<tr class=\"up\"><td>REST API</td><td></td><td>http://connect-1:8083</td><td>up</td><td>0.004 s</td></tr>",
            "<tr class=\"up\"><td>jolokia</td><td>connect-1:8083</td><td>http://connect-1:8778/jolokia</td><td>up</td><td>0.010 s</td></tr>",
            "<tr class=\"down\"><td>jolokia</td><td>connect-2:8083</td><td>http://connect-2:8778/jolokia</td><td>down (timeout)</td><td>0.900 s</td></tr>"),
        rows);
    assertTrue(prod.contains("<div class=\"auto-restart\"><p>Auto-restart: <b>off</b></p>"), prod);
    String staging =
        section(page, "<section class=\"cluster\" data-cluster=\"staging\">", "</section>");
    assertTrue(staging.contains("No poll of this cluster has completed yet."), staging);
    assertTrue(staging.contains("Auto-restart: <b>off</b>"), "said for every cluster");
  }

  @Test
  void restDownClaimsNoStateAndKeepsTheClock() {
    publish(captured(POLLED_AT));
    publish(
        new ClusterSnapshot(
            "prod",
            POLLED_AT + 5_000,
            1.5,
            8,
            null,
            Map.of(),
            List.of(
                new TargetHealth(
                    "rest", "http://connect-1:8083", "", false, 1.5, "refused", Map.of()))));
    String page = render(POLLED_AT + 6_000);
    assertTrue(page.contains("The REST API did not answer in the last poll"), page);
    assertFalse(
        page.contains("class=\"attention\"") || page.contains("class=\"connectors\""),
        "no state claimed");
    assertTrue(
        page.contains(
            "<td>REST API</td><td></td><td>http://connect-1:8083</td><td>down (refused)</td>"));
    publish(captured(POLLED_AT + 10_000));
    assertTrue(
        render(POLLED_AT + 70_000)
            .contains("title=\"since 2023-11-14 22:13:20 UTC\">1 min 10 s</td>"),
        "FAILED since the first poll, across the one REST missed");
  }

  @Test
  void aHugeClusterIsCappedNotDumped() {
    List<TaskView> failed =
        IntStream.range(0, ClusterSection.MAX_ROWS + 100)
            .mapToObj(
                i -> new TaskView(i, "FAILED", "w:1", "java.lang.IllegalStateException: boom"))
            .toList();
    ClusterSnapshot s =
        new ClusterSnapshot(
            "prod",
            POLLED_AT,
            1,
            1,
            new RestSnapshot(
                "4.3.1",
                "c",
                "k",
                List.of(
                    new ConnectorView(
                        "big",
                        "sink",
                        "X",
                        "RUNNING",
                        "w:1",
                        null,
                        failed,
                        null,
                        io.connectexporter.model.ConfigFacts.DEFAULTS))),
            Map.of(),
            List.of());
    publish(s);
    String page = render(POLLED_AT);
    String attention = section(page, "<table class=\"attention\">", "</table>");
    assertEquals(
        ClusterSection.MAX_ROWS, attention.lines().filter(l -> l.startsWith("<tr class=")).count());
    assertTrue(page.contains("100 more not shown"), "and says so");
    assertTrue(page.contains("<td>FAILED</td><td>0</td><td>600</td>"), "the counts stay exact");
  }

  @Test
  void failedFirstThenUnassignedThenTheOtherUnsettledStates() {
    // The captured cluster (3 FAILED rows), with one connector and one task UNASSIGNED and one task
    // RESTARTING, as Connect reports them during a rebalance or a restart.
    ClusterSnapshot real = captured(POLLED_AT);
    List<ConnectorView> connectors =
        real.rest().connectors().stream()
            .map(
                c ->
                    switch (c.name()) {
                      case "orders-sink" -> withState(c, "UNASSIGNED", c.tasks());
                      case "orders-source" ->
                          withState(c, c.state(), taskState(c, 1, "UNASSIGNED"));
                      case "slow-sink" -> withState(c, c.state(), taskState(c, 0, "RESTARTING"));
                      default -> c;
                    })
            .toList();
    publish(
        new ClusterSnapshot(
            real.cluster(),
            POLLED_AT,
            real.pollDurationSeconds(),
            real.pollCount(),
            new RestSnapshot("4.3.1", "abc", "k", connectors),
            real.results(),
            real.targets()));
    String page = render(POLLED_AT + 1_000);
    String attention = section(page, "<table class=\"attention\">", "</table>");
    List<List<String>> rows =
        attention
            .lines()
            .filter(l -> l.startsWith("<tr class="))
            .map(StatusPageTest::cells)
            .toList();
    assertEquals(
        List.of(
            List.of(SCRIPT_ESCAPED, "0", "FAILED"),
            List.of("broken-connector", "(connector)", "FAILED"),
            List.of("broken-start-source", "0", "FAILED"),
            List.of("orders-sink", "(connector)", "UNASSIGNED"),
            List.of("orders-source", "1", "UNASSIGNED"),
            List.of("slow-sink", "0", "RESTARTING")),
        rows.stream().map(r -> r.subList(0, 3)).toList(),
        "FAILED, then UNASSIGNED, then RESTARTING; nothing RUNNING:\n" + attention);
    assertEquals(
        List.of("", ""),
        rows.get(3).subList(6, 8),
        "no exception for what did not fail: " + rows.get(3));
    List<String> connectorStates =
        section(page, "<table class=\"connectors\">", "</table>")
            .lines()
            .filter(l -> l.startsWith("<tr class="))
            .map(l -> cells(l).get(2))
            .toList();
    assertEquals(
        List.of("FAILED", "UNASSIGNED"),
        connectorStates.subList(0, 2),
        "the connectors table too: " + connectorStates);
    assertTrue(
        connectorStates.subList(2, connectorStates.size()).stream()
            .noneMatch(s -> s.equals("FAILED") || s.equals("UNASSIGNED")),
        connectorStates.toString());
  }

  private static List<TaskView> taskState(ConnectorView c, int id, String state) {
    return c.tasks().stream()
        .map(t -> t.id() == id ? new TaskView(id, state, t.workerId(), null) : t)
        .toList();
  }

  /** The contents of a table row's cells, in order (the "For" cell's title left out). */
  private static List<String> cells(String row) {
    return java.util.regex.Pattern.compile("<td[^>]*>(.*?)</td>")
        .matcher(row)
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  private static String section(String page, String start, String end) {
    int from = page.indexOf(start);
    assertTrue(from >= 0, "no " + start + " in\n" + page);
    return page.substring(from, page.indexOf(end, from) + end.length());
  }

  @Test
  void autoRestartActivityIsShownEscaped() {
    publish(captured(POLLED_AT));
    AutoRestartStatus status =
        new AutoRestartStatus(
            true,
            "on",
            List.of("connector " + SCRIPT_NAME + " task 0"),
            List.of(
                "2023-11-14T22:14:20Z cluster=prod connector="
                    + SCRIPT_NAME
                    + " task=0: attempt 2/5, next backoff 2m, result restarted"));
    String page =
        new StatusPage(
                List.of("prod"),
                latest,
                c -> status,
                Duration.ofSeconds(5),
                () -> POLLED_AT,
                "1.2.3")
            .render();
    String area = section(page, "<div class=\"auto-restart\">", "</div>");
    assertTrue(area.contains("Auto-restart: <b>on</b>"), area);
    assertTrue(
        area.contains(
            "<ul class=\"gave-up\">\n<li>connector &lt;script&gt;alert(1)&lt;/script&gt; task 0</li>"),
        area);
    assertTrue(area.contains("attempt 2/5, next backoff 2m, result restarted</li>"), area);
    assertFalse(area.contains(SCRIPT_NAME), "names from Connect are escaped");
  }
}
