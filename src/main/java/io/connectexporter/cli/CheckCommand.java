package io.connectexporter.cli;

import java.util.List;

/**
 * {@code check}: one summary line and a Nagios-style exit code, for cron, exec probes and
 * monitoring.
 */
final class CheckCommand implements Command {

  @Override
  public String name() {
    return "check";
  }

  @Override
  public String summary() {
    return "one summary line; exit 0 healthy, 1 UNASSIGNED/RESTARTING, 2 FAILED, 3 unreachable";
  }

  @Override
  public String usage() {
    return """
        check --config FILE [--cluster NAME]
          One line on stdout and the exit code: 0 OK (every connector and task RUNNING, PAUSED or
          STOPPED), 1 WARNING (something UNASSIGNED or RESTARTING), 2 CRITICAL (a connector or task
          FAILED), 3 UNKNOWN (a cluster unreachable). With several clusters the worst wins, and
          FAILED on one cluster (2) wins over another cluster unreachable (3).
        """;
  }

  @Override
  public int run(Invocation in) throws UsageException {
    if (!in.args().positionals().isEmpty()) {
      throw new UsageException(
          "check takes no connector name (got " + in.args().positionals().get(0) + ")");
    }
    List<ClusterReport> reports = in.readAll().stream().map(ClusterReport::of).toList();
    CheckVerdict verdict = CheckVerdict.of(reports);
    in.out().println(verdict.line());
    return verdict.exitCode();
  }
}
