package io.connectexporter.cli;

import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@code check}: one summary line and the exit code, Nagios-style (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN). With several clusters the worst wins, in the order OK &lt; WARNING &lt;
 * UNKNOWN (a cluster unreachable) &lt; CRITICAL (a FAILED connector or task): a failure seen on one
 * cluster is certain and needs a person, while what an unreachable cluster hides is not known; the
 * line names every unreachable cluster either way.
 */
record CheckVerdict(int exitCode, String line) {

  private static final int MAX_NAMED = 5;
  private static final List<Integer> PRECEDENCE =
      List.of(ExitCode.OK, ExitCode.WARNING, ExitCode.UNREACHABLE, ExitCode.FAILED);

  static CheckVerdict of(List<ClusterReport> clusters) {
    int code = ExitCode.OK;
    List<String> parts = new ArrayList<>();
    for (ClusterReport cluster : clusters) {
      int clusterCode;
      if (!cluster.reachable()) {
        clusterCode = ExitCode.UNREACHABLE;
        parts.add(
            StatusTable.safe(cluster.cluster())
                + ": unreachable ("
                + StatusTable.safe(cluster.error())
                + ")");
      } else {
        List<String> failed = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        for (ClusterReport.Connector c : cluster.connectors()) {
          collect(c, failed, warning);
        }
        clusterCode =
            !failed.isEmpty()
                ? ExitCode.FAILED
                : !warning.isEmpty() ? ExitCode.WARNING : ExitCode.OK;
        String part =
            StatusTable.safe(cluster.cluster())
                + ": "
                + cluster.connectors().size()
                + " connectors, "
                + cluster.taskCount()
                + " tasks";
        if (!failed.isEmpty()) {
          part += "; FAILED: " + named(failed);
        }
        if (!warning.isEmpty()) {
          part += "; not running: " + named(warning);
        }
        parts.add(part);
      }
      if (PRECEDENCE.indexOf(clusterCode) > PRECEDENCE.indexOf(code)) {
        code = clusterCode;
      }
    }
    return new CheckVerdict(code, word(code) + " - " + String.join(" | ", parts));
  }

  /** Names FAILED parts ("orders-sink task 0") and not-running ones with their state. */
  private static void collect(
      ClusterReport.Connector c, List<String> failed, List<String> warning) {
    String name = StatusTable.safe(c.name());
    add(c.state(), name, failed, warning);
    for (TaskView t : c.tasks()) {
      add(t.state(), name + " task " + t.id(), failed, warning);
    }
  }

  private static void add(String state, String what, List<String> failed, List<String> warning) {
    switch (Health.of(state)) {
      case FAILED -> failed.add(what);
      case WARNING -> warning.add(what + " " + StatusTable.safe(state));
      case OK -> {}
    }
  }

  private static String named(List<String> items) {
    String shown = items.stream().limit(MAX_NAMED).collect(Collectors.joining(", "));
    return items.size() > MAX_NAMED
        ? shown + " and " + (items.size() - MAX_NAMED) + " more"
        : shown;
  }

  private static String word(int code) {
    return switch (code) {
      case ExitCode.OK -> "OK";
      case ExitCode.WARNING -> "WARNING";
      case ExitCode.FAILED -> "CRITICAL";
      default -> "UNKNOWN";
    };
  }
}
