package io.connectexporter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code apply -f connector.json}: creates the connector, or replaces its config when it differs;
 * prints created, updated or unchanged. The config itself is never printed: it holds secrets.
 */
final class ApplyCommand implements Command {

  private static final String FILE = "-f";

  @Override
  public String name() {
    return "apply";
  }

  @Override
  public String summary() {
    return "create a connector or update its config from a JSON file; prints created / updated / unchanged";
  }

  @Override
  public String usage() {
    return """
        apply --config FILE [--cluster NAME] -f CONNECTOR.json
          -f CONNECTOR.json  {"name": "...", "config": {...}} (Connect's create body) or a flat config
                             with "name"; "-" reads stdin
          Creates the connector (POST /connectors), or when its config differs from the file's
          replaces it (PUT /connectors/NAME/config). Prints created, updated or unchanged; never the
          config. Exit 65 for a file that is not a connector definition.
        """;
  }

  @Override
  public Set<String> valueOptions() {
    return Set.of(FILE);
  }

  @Override
  public int run(Invocation in) throws UsageException {
    String file = in.args().value(FILE);
    if (file == null) {
      throw new UsageException(FILE + " CONNECTOR.json is required");
    }
    if (!in.args().positionals().isEmpty()) {
      throw new UsageException(
          "the connector comes from the file; unexpected " + in.args().positionals().get(0));
    }
    ConnectorFile connector;
    try (InputStream input = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      connector = ConnectorFile.read(input, file);
    } catch (NoSuchFileException e) {
      in.err().println(file + ": no such file");
      return ExitCode.BAD_INPUT;
    } catch (IOException e) {
      in.err().println(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
      return ExitCode.BAD_INPUT;
    } catch (ConnectorFile.InvalidException e) {
      in.err().println(e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    String name = connector.name();
    return in.eachCluster(
        name + ": apply",
        client -> {
          Optional<Map<String, String>> current = client.config(name);
          String outcome;
          if (current.isEmpty()) {
            client.create(name, connector.config());
            outcome = "created";
          } else if (current.get().equals(connector.config())) {
            outcome = "unchanged";
          } else {
            client.updateConfig(name, connector.config());
            outcome = "updated";
          }
          in.out().println(client.clusterName() + ": " + StatusTable.safe(name) + ": " + outcome);
        });
  }
}
