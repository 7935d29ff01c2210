package io.connectexporter.cli;

import io.connectexporter.control.ConnectClient;
import io.connectexporter.control.ConnectRequestException;

/**
 * {@code pause}, {@code resume}, {@code stop} and {@code delete}: one REST call on one connector.
 */
final class ConnectorActionCommand implements Command {

  @FunctionalInterface
  private interface Call {
    void on(ConnectClient client, String connector) throws ConnectRequestException;
  }

  static final ConnectorActionCommand PAUSE =
      new ConnectorActionCommand(
          "pause",
          ConnectClient::pause,
          "pause requested",
          "pause a connector and its tasks (PUT /connectors/NAME/pause; Connect pauses asynchronously)");
  static final ConnectorActionCommand RESUME =
      new ConnectorActionCommand(
          "resume",
          ConnectClient::resume,
          "resume requested",
          "resume a paused or stopped connector (PUT /connectors/NAME/resume)");
  static final ConnectorActionCommand STOP =
      new ConnectorActionCommand(
          "stop",
          ConnectClient::stop,
          "stopped",
          "stop a connector: its tasks are shut down (PUT /connectors/NAME/stop, Connect 3.5+)");
  static final ConnectorActionCommand DELETE =
      new ConnectorActionCommand(
          "delete",
          ConnectClient::delete,
          "deleted",
          "delete a connector (DELETE /connectors/NAME)");

  private final String name;
  private final Call call;
  private final String done;
  private final String summary;

  private ConnectorActionCommand(String name, Call call, String done, String summary) {
    this.name = name;
    this.call = call;
    this.done = done;
    this.summary = summary;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String usage() {
    return name
        + " --config FILE [--cluster NAME] CONNECTOR\n  "
        + summary.substring(0, 1).toUpperCase()
        + summary.substring(1)
        + ".\n  Prints \"CLUSTER: CONNECTOR: "
        + done
        + "\" per cluster.\n";
  }

  @Override
  public int run(Invocation in) throws UsageException {
    String connector = in.connectorArgument();
    return in.eachCluster(
        connector + ": " + name,
        client -> {
          call.on(client, connector);
          in.out().println(client.clusterName() + ": " + StatusTable.safe(connector) + ": " + done);
        });
  }
}
