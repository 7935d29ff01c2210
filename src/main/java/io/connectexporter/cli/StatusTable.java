package io.connectexporter.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code status --output table}: per cluster a heading, one row per connector (worst first), and
 * under a row one indented line per FAILED part with its exception class. Text from Connect has its
 * control characters replaced, so that a name cannot move the cursor or forge a line.
 */
final class StatusTable {

  private static final List<String> HEADER =
      List.of("CONNECTOR", "TYPE", "STATE", "WORKER", "TASKS");

  private StatusTable() {}

  static String render(List<ClusterReport> clusters) {
    StringBuilder out = new StringBuilder();
    for (ClusterReport cluster : clusters) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (!cluster.reachable()) {
        out.append(safe(cluster.cluster()))
            .append(": unreachable: ")
            .append(safe(cluster.error()))
            .append('\n');
        continue;
      }
      out.append(safe(cluster.cluster()))
          .append(" (Connect ")
          .append(safe(cluster.version()))
          .append("): ")
          .append(cluster.connectors().size())
          .append(" connectors, ")
          .append(cluster.taskCount())
          .append(" tasks\n");
      if (!cluster.connectors().isEmpty()) {
        appendTable(out, cluster.connectors());
      }
    }
    return out.toString();
  }

  private static void appendTable(StringBuilder out, List<ClusterReport.Connector> connectors) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (ClusterReport.Connector c : connectors) {
      rows.add(
          List.of(
              safe(c.name()),
              c.type(),
              safe(c.state()),
              blankAsDash(safe(c.worker())),
              tasks(c.tasksByState())));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r > 0) {
        for (ClusterReport.Failure f : connectors.get(r - 1).failures()) {
          out.append("  ").append(failure(f)).append('\n');
        }
      }
    }
  }

  static String failure(ClusterReport.Failure f) {
    String what = f.task() == null ? "connector" : "task " + f.task();
    String cause =
        f.rootCauseClass().equals(f.exceptionClass()) ? "" : ", root cause " + f.rootCauseClass();
    return what + " FAILED on " + blankAsDash(safe(f.worker())) + ": " + f.exceptionClass() + cause;
  }

  private static String tasks(Map<String, Integer> byState) {
    return byState.isEmpty()
        ? "-"
        : byState.entrySet().stream()
            .map(e -> e.getValue() + " " + safe(e.getKey()))
            .collect(Collectors.joining(", "));
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String blankAsDash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  /** Control characters (newlines, ESC) shown as '?'. */
  static String safe(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
  }
}
