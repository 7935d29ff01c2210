package io.connectexporter.cli;

import java.util.List;
import java.util.Set;

/**
 * {@code status}: per cluster, every connector with its state, worker, tasks and failures, FAILED
 * first.
 */
final class StatusCommand implements Command {

  private static final String OUTPUT = "--output";

  @Override
  public String name() {
    return "status";
  }

  @Override
  public String summary() {
    return "connectors with type, state, worker, tasks by state and failures, FAILED first";
  }

  @Override
  public String usage() {
    return """
        status --config FILE [--cluster NAME] [--output table|json]
          Per cluster, every connector: type, state, worker, tasks by state, and under it each FAILED
          connector or task with its worker and exception class (never the message). FAILED first,
          then UNASSIGNED or RESTARTING, then the rest. Exit 0, or 3 when a cluster is unreachable
          (the others are still shown).
          --output table|json  table (default) or one JSON document
        """;
  }

  @Override
  public Set<String> valueOptions() {
    return Set.of(OUTPUT);
  }

  @Override
  public int run(Invocation in) throws UsageException {
    String output = in.args().value(OUTPUT) == null ? "table" : in.args().value(OUTPUT);
    if (!output.equals("table") && !output.equals("json")) {
      throw new UsageException(OUTPUT + " is table or json, not " + output);
    }
    if (!in.args().positionals().isEmpty()) {
      throw new UsageException(
          "status takes no connector name (got " + in.args().positionals().get(0) + ")");
    }
    List<ClusterReport> reports = in.readAll().stream().map(ClusterReport::of).toList();
    in.out()
        .print(output.equals("json") ? StatusJson.render(reports) : StatusTable.render(reports));
    return reports.stream().allMatch(ClusterReport::reachable) ? ExitCode.OK : ExitCode.UNREACHABLE;
  }
}
