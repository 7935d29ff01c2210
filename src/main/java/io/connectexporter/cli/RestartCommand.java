package io.connectexporter.cli;

import io.connectexporter.control.ConnectClient;
import io.connectexporter.control.ConnectRequestException;
import io.connectexporter.control.ConnectVersion;
import io.connectexporter.control.RestartPlan;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code restart}: every FAILED connector and task ({@code --failed}), or one connector or task.
 */
final class RestartCommand implements Command {

  private static final String FAILED = "--failed";
  private static final String TASK = "--task";

  @Override
  public String name() {
    return "restart";
  }

  @Override
  public String summary() {
    return "restart every FAILED connector and task (--failed), or one connector or task";
  }

  @Override
  public String usage() {
    return """
        restart --config FILE [--cluster NAME] (--failed | CONNECTOR [--task N])
          --failed     every FAILED connector and task: on Connect 3.0+ one request per connector
                       (POST /connectors/NAME/restart?includeTasks=true&onlyFailed=true), before
                       one per FAILED task and connector. Prints what it did.
          CONNECTOR    the connector and all its tasks (one request on 3.0+)
          --task N     only task N of CONNECTOR
        """;
  }

  @Override
  public Set<String> valueOptions() {
    return Set.of(TASK);
  }

  @Override
  public Set<String> flags() {
    return Set.of(FAILED);
  }

  @Override
  public int run(Invocation in) throws UsageException {
    String task = in.args().value(TASK);
    if (in.args().flag(FAILED)) {
      if (!in.args().positionals().isEmpty() || task != null) {
        throw new UsageException(
            FAILED + " restarts everything FAILED: give no connector name or " + TASK);
      }
      return restartFailed(in);
    }
    if (in.args().positionals().isEmpty()) {
      throw new UsageException("give " + FAILED + ", or the connector to restart");
    }
    String connector = in.connectorArgument();
    if (task == null) {
      return in.eachCluster(
          connector + ": restart", client -> restartConnector(in, client, connector));
    }
    int id = taskId(task);
    return in.eachCluster(
        connector + ": restart task " + id,
        client -> {
          client.restartTask(connector, id);
          in.out()
              .println(
                  client.clusterName()
                      + ": "
                      + StatusTable.safe(connector)
                      + ": task "
                      + id
                      + " restarted");
        });
  }

  private static int restartFailed(Invocation in) {
    List<Integer> codes = new ArrayList<>();
    for (Invocation.ClusterRead read : in.readAll()) {
      if (read.error() != null) {
        codes.add(in.failed(read.cluster(), "restart --failed", read.error()));
        continue;
      }
      ConnectClient client =
          in.clients().stream()
              .filter(c -> c.clusterName().equals(read.cluster()))
              .findFirst()
              .orElseThrow();
      int restarted = 0;
      for (ConnectorView connector : read.snapshot().connectors()) {
        List<RestartPlan.Step> steps = RestartPlan.forFailed(connector, read.snapshot().version());
        if (!steps.isEmpty()) {
          restarted++;
          codes.add(restartFailed(in, client, connector, steps));
        }
      }
      if (restarted == 0) {
        in.out()
            .println(
                read.cluster()
                    + ": nothing FAILED ("
                    + read.snapshot().connectors().size()
                    + " connectors)");
      }
    }
    return codes.stream().filter(c -> c != ExitCode.OK).findFirst().orElse(ExitCode.OK);
  }

  private static int restartFailed(
      Invocation in, ConnectClient client, ConnectorView connector, List<RestartPlan.Step> steps) {
    String prefix = client.clusterName() + ": " + StatusTable.safe(connector.name()) + ": ";
    for (RestartPlan.Step step : steps) {
      try {
        switch (step.kind()) {
          case ONLY_FAILED_IN_ONE_CALL -> {
            client.restartConnectorAndTasks(connector.name(), true);
            in.out()
                .println(
                    prefix
                        + "restart of FAILED "
                        + RestartPlan.failedParts(connector)
                        + " requested (restart?includeTasks=true&onlyFailed=true)");
          }
          case CONNECTOR -> {
            client.restartConnector(connector.name());
            in.out().println(prefix + "FAILED connector restarted");
          }
          case TASK -> {
            client.restartTask(connector.name(), step.task());
            in.out().println(prefix + "FAILED task " + step.task() + " restarted");
          }
        }
      } catch (ConnectRequestException e) {
        return in.failed(
            client.clusterName(), connector.name() + ": restart " + step.describe(), e);
      }
    }
    return ExitCode.OK;
  }

  /** The connector and all its tasks. */
  private static void restartConnector(Invocation in, ConnectClient client, String connector)
      throws ConnectRequestException {
    String prefix = client.clusterName() + ": " + StatusTable.safe(connector) + ": ";
    if (ConnectVersion.restartsConnectorAndTasksInOneCall(client.version())) {
      ConnectorView answer = client.restartConnectorAndTasks(connector, false);
      int n = answer == null ? -1 : answer.tasks().size();
      String tasks = n < 0 ? "its tasks" : n == 1 ? "its 1 task" : "its " + n + " tasks";
      in.out().println(prefix + "restart of the connector and " + tasks + " requested");
      return;
    }
    client.restartConnector(connector);
    in.out().println(prefix + "connector restarted");
    RestSnapshot snapshot = client.status();
    List<TaskView> tasks =
        snapshot.connectors().stream()
            .filter(c -> c.name().equals(connector))
            .flatMap(c -> c.tasks().stream())
            .toList();
    for (TaskView t : tasks) {
      client.restartTask(connector, t.id());
    }
    if (!tasks.isEmpty()) {
      in.out()
          .println(
              prefix
                  + "tasks "
                  + tasks.stream()
                      .map(t -> String.valueOf(t.id()))
                      .collect(Collectors.joining(", "))
                  + " restarted");
    }
  }

  private static int taskId(String value) throws UsageException {
    try {
      int id = Integer.parseInt(value);
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new UsageException(TASK + " is a task number (0, 1, ...), not " + value);
    }
  }
}
