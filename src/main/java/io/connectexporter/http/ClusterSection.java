package io.connectexporter.http;

import static io.connectexporter.http.Html.escape;

import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.ExceptionClasses;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.TaskView;
import io.connectexporter.state.LatestPolls;
import io.connectexporter.state.StateHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cluster's part of the status page, from its last published poll: counts by state, what needs
 * attention (FAILED, then UNASSIGNED, then any other unsettled state) with exception classes and
 * worker, the reachability of every target, auto-restart, and every connector. Tables are capped so
 * that a page of a cluster with thousands of connectors stays small and cheap; /metrics has the
 * rest.
 */
final class ClusterSection {

  static final int MAX_ROWS = 500;
  private static final List<String> ORDER =
      List.of("FAILED", "UNASSIGNED", "RESTARTING", "RUNNING", "PAUSED", "STOPPED");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A connector (task null) or a task, with what the page shows about it. */
  private record Row(
      ConnectorView connector, TaskView task, String state, String worker, String trace) {}

  private ClusterSection() {}

  static void render(
      StringBuilder out,
      String cluster,
      LatestPolls.Poll poll,
      AutoRestartStatus autoRestart,
      long nowMillis) {
    out.append("<section class=\"cluster\" data-cluster=\"")
        .append(escape(cluster))
        .append("\">\n<h2>Cluster ")
        .append(escape(cluster))
        .append("</h2>\n");
    if (poll == null) {
      out.append("<p class=\"poll\">No poll of this cluster has completed yet.</p>\n");
      autoRestart(out, autoRestart);
      out.append("</section>\n");
      return;
    }
    ClusterSnapshot snapshot = poll.snapshot();
    out.append("<p class=\"poll\">Last poll completed ")
        .append(time(snapshot.completedAtMillis()))
        .append(" (")
        .append(duration(nowMillis - snapshot.completedAtMillis()))
        .append(" ago), took ")
        .append(String.format(java.util.Locale.ROOT, "%.3f", snapshot.pollDurationSeconds()))
        .append(" s");
    if (snapshot.rest() != null && snapshot.rest().version() != null) {
      out.append("; Connect ").append(escape(snapshot.rest().version()));
    }
    out.append(".</p>\n");
    if (snapshot.rest() == null) {
      out.append(
          "<p class=\"rest-down\">The REST API did not answer in the last poll: the states of connectors "
              + "and tasks are unknown (see the REST target below).</p>\n");
    } else {
      List<Row> rows = rows(snapshot.rest().connectors());
      counts(out, rows);
      attention(out, rows, poll.history(), nowMillis);
    }
    targets(out, snapshot.targets());
    autoRestart(out, autoRestart);
    if (snapshot.rest() != null) {
      connectors(out, snapshot.rest().connectors(), poll.history(), nowMillis);
    }
    out.append("</section>\n");
  }

  private static List<Row> rows(List<ConnectorView> connectors) {
    List<Row> rows = new ArrayList<>();
    for (ConnectorView c : connectors) {
      rows.add(new Row(c, null, c.state(), c.workerId(), c.trace()));
      for (TaskView t : c.tasks()) {
        rows.add(new Row(c, t, t.state(), t.workerId(), t.trace()));
      }
    }
    return rows;
  }

  private static void counts(StringBuilder out, List<Row> rows) {
    Map<String, int[]> byState = new TreeMap<>(ClusterSection::compareStates);
    for (Row r : rows) {
      byState.computeIfAbsent(r.state(), s -> new int[2])[r.task() == null ? 0 : 1]++;
    }
    out.append(
        "<table class=\"counts\"><thead><tr><th>State</th><th>Connectors</th><th>Tasks</th></tr></thead><tbody>\n");
    byState.forEach(
        (state, n) ->
            out.append("<tr class=\"")
                .append(stateClass(state))
                .append("\"><td>")
                .append(escape(state))
                .append("</td><td>")
                .append(n[0])
                .append("</td><td>")
                .append(n[1])
                .append("</td></tr>\n"));
    out.append("</tbody></table>\n");
  }

  private static void attention(
      StringBuilder out, List<Row> rows, StateHistory history, long nowMillis) {
    List<Row> unsettled =
        rows.stream()
            .filter(r -> !settled(r.state()))
            .sorted(
                Comparator.comparing(Row::state, ClusterSection::compareStates)
                    .thenComparing(r -> r.connector().name())
                    .thenComparingInt(r -> r.task() == null ? -1 : r.task().id()))
            .toList();
    out.append("<h3>Needs attention</h3>\n");
    if (unsettled.isEmpty()) {
      out.append("<p class=\"all-good\">Nothing FAILED, UNASSIGNED or RESTARTING.</p>\n");
      return;
    }
    out.append(
        "<table class=\"attention\"><thead><tr><th>Connector</th><th>Task</th><th>State</th><th>For</th>"
            + "<th>State changes</th><th>Worker</th><th>Exception</th><th>Root cause</th></tr></thead><tbody>\n");
    for (Row r : unsettled.subList(0, Math.min(MAX_ROWS, unsettled.size()))) {
      StateHistory.Since since =
          r.task() == null
              ? history.connector(r.connector().name())
              : history.task(r.connector().name(), r.task().id());
      boolean failed = "FAILED".equals(r.state());
      out.append("<tr class=\"")
          .append(stateClass(r.state()))
          .append("\"><td>")
          .append(escape(r.connector().name()))
          .append("</td><td>")
          .append(r.task() == null ? "(connector)" : Integer.toString(r.task().id()))
          .append("</td><td>")
          .append(escape(r.state()))
          .append("</td>");
      since(out, since, nowMillis);
      out.append("<td>")
          .append(escape(r.worker()))
          .append("</td><td>")
          .append(failed ? escape(ExceptionClasses.top(r.trace())) : "")
          .append("</td><td>")
          .append(failed ? escape(ExceptionClasses.rootCause(r.trace())) : "")
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    more(out, unsettled.size());
  }

  private static void targets(StringBuilder out, List<TargetHealth> targets) {
    out.append(
        "<h3>Workers and REST</h3>\n<table class=\"targets\"><thead><tr><th>Source</th><th>Worker</th>"
            + "<th>Target</th><th>Reachable</th><th>Request time</th></tr></thead><tbody>\n");
    // REST first, then each worker's targets together, one row per source (its name as in sources =
    // [...]).
    List<TargetHealth> sorted =
        targets.stream()
            .sorted(
                Comparator.comparing((TargetHealth t) -> !"rest".equals(t.source()))
                    .thenComparing(TargetHealth::workerId)
                    .thenComparing(TargetHealth::source))
            .toList();
    for (TargetHealth t : sorted) {
      out.append("<tr class=\"")
          .append(t.up() ? "up" : "down")
          .append("\"><td>")
          .append("rest".equals(t.source()) ? "REST API" : escape(t.source()))
          .append("</td><td>")
          .append(escape(t.workerId()))
          .append("</td><td>")
          .append(escape(t.target()))
          .append("</td><td>")
          .append(t.up() ? "up" : "down (" + escape(t.error()) + ")")
          .append("</td><td>")
          .append(String.format(java.util.Locale.ROOT, "%.3f s", t.durationSeconds()))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
  }

  private static void autoRestart(StringBuilder out, AutoRestartStatus status) {
    out.append("<h3>Auto-restart</h3>\n<div class=\"auto-restart\"><p>Auto-restart: <b>")
        .append(escape(status.summary()))
        .append("</b></p>\n");
    if (!status.givenUp().isEmpty()) {
      out.append(
          "<p class=\"gave-up\">Gave up on (restart by hand once the cause is fixed):</p>\n<ul class=\"gave-up\">\n");
      status.givenUp().forEach(g -> out.append("<li>").append(escape(g)).append("</li>\n"));
      out.append("</ul>\n");
    }
    if (!status.recentActions().isEmpty()) {
      out.append("<ul>\n");
      status.recentActions().forEach(a -> out.append("<li>").append(escape(a)).append("</li>\n"));
      out.append("</ul>\n");
    }
    out.append("</div>\n");
  }

  private static void connectors(
      StringBuilder out, List<ConnectorView> connectors, StateHistory history, long nowMillis) {
    List<ConnectorView> sorted =
        connectors.stream()
            .sorted(
                Comparator.comparing(ConnectorView::state, ClusterSection::compareStates)
                    .thenComparing(ConnectorView::name))
            .toList();
    out.append(
        "<h3>Connectors</h3>\n<table class=\"connectors\"><thead><tr><th>Connector</th><th>Type</th>"
            + "<th>State</th><th>For</th><th>State changes</th><th>Worker</th><th>Tasks</th></tr></thead><tbody>\n");
    for (ConnectorView c : sorted.subList(0, Math.min(MAX_ROWS, sorted.size()))) {
      out.append("<tr class=\"")
          .append(stateClass(c.state()))
          .append("\"><td>")
          .append(escape(c.name()))
          .append("</td><td>")
          .append(escape(c.type()))
          .append("</td><td>")
          .append(escape(c.state()))
          .append("</td>");
      since(out, history.connector(c.name()), nowMillis);
      Map<String, Integer> tasks = new TreeMap<>(ClusterSection::compareStates);
      c.tasks().forEach(t -> tasks.merge(t.state(), 1, Integer::sum));
      StringBuilder summary = new StringBuilder();
      tasks.forEach(
          (state, n) ->
              summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ').append(state));
      out.append("<td>")
          .append(escape(c.workerId()))
          .append("</td><td>")
          .append(summary.isEmpty() ? "none" : escape(summary.toString()))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    more(out, sorted.size());
  }

  private static void since(StringBuilder out, StateHistory.Since since, long nowMillis) {
    if (since == null) {
      out.append("<td></td><td></td>");
      return;
    }
    out.append("<td title=\"since ")
        .append(time(since.sinceMillis()))
        .append("\">")
        .append(duration(nowMillis - since.sinceMillis()))
        .append("</td><td>")
        .append(since.changes())
        .append("</td>");
  }

  private static void more(StringBuilder out, int total) {
    if (total > MAX_ROWS) {
      out.append("<p class=\"more\">")
          .append(total - MAX_ROWS)
          .append(" more not shown; <a href=\"metrics\">/metrics</a> has them all.</p>\n");
    }
  }

  /** States Connect reaches on purpose or in health: nothing to do. */
  private static boolean settled(String state) {
    return "RUNNING".equals(state) || "PAUSED".equals(state) || "STOPPED".equals(state);
  }

  /**
   * FAILED first, then UNASSIGNED, RESTARTING, RUNNING, PAUSED, STOPPED, then unknown states by
   * name.
   */
  private static int compareStates(String a, String b) {
    int ia = ORDER.indexOf(a);
    int ib = ORDER.indexOf(b);
    ia = ia < 0 ? ORDER.size() : ia;
    ib = ib < 0 ? ORDER.size() : ib;
    return ia != ib ? Integer.compare(ia, ib) : String.valueOf(a).compareTo(String.valueOf(b));
  }

  /**
   * A CSS class per state; states are upper-case words or UNKNOWN (see RestParser), escaped anyway.
   */
  private static String stateClass(String state) {
    return "state-" + escape(state);
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  /** "42 s", "12 min 5 s", "3 h 12 min", "2 d 4 h". */
  static String duration(long millis) {
    long s = Math.max(0, millis / 1000);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    if (s < 86400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86400 + " d " + s % 86400 / 3600 + " h";
  }
}
