package io.connectexporter.cli;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.config.InvalidConfigException;
import io.connectexporter.control.ConnectClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The subcommands of the jar ({@code java -jar kafka-connect-exporter.jar status --config FILE}):
 * the registry, and what every command shares: {@code --config FILE}, {@code --cluster NAME}
 * (default: every cluster of the file), {@code --help}, one-line errors and exit codes.
 */
public final class Commands {

  static final String CONFIG = "--config";
  static final String CLUSTER = "--cluster";
  private static final String JAR = "java -jar kafka-connect-exporter.jar";

  private static final List<Command> ALL =
      List.of(
          new StatusCommand(),
          new CheckCommand(),
          new RestartCommand(),
          ConnectorActionCommand.PAUSE,
          ConnectorActionCommand.RESUME,
          ConnectorActionCommand.STOP,
          ConnectorActionCommand.DELETE,
          new ApplyCommand());

  private Commands() {}

  public static boolean isCommand(String word) {
    return find(word) != null;
  }

  /** The list of commands, for the jar's usage text. */
  public static String summaries() {
    return ALL.stream()
        .map(c -> String.format("  %-8s %s", c.name(), c.summary()))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /** Runs {@code args[0]} with the rest of the arguments; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (System.getenv("EXPORTER_LOG_LEVEL") == null) {
      // The commands report for themselves; the scrapers' INFO lines would only be noise here.
      System.setProperty("EXPORTER_LOG_LEVEL", "WARN");
    }
    Command command = find(args[0]);
    List<String> tokens = Arrays.asList(args).subList(1, args.length);
    if (tokens.contains("--help") || tokens.contains("-h")) {
      out.print(usage(command));
      return ExitCode.OK;
    }
    Set<String> valueOptions = new HashSet<>(command.valueOptions());
    valueOptions.addAll(Set.of(CONFIG, CLUSTER));
    List<ConnectClient> clients = new ArrayList<>();
    try {
      Args parsed = Args.parse(tokens, valueOptions, command.flags());
      String file = parsed.value(CONFIG);
      if (file == null) {
        throw new UsageException(
            CONFIG + " FILE is required (the exporter's config file: clusters, auth, TLS)");
      }
      for (ClusterConfig cluster :
          select(ConfigLoader.load(Path.of(file)), parsed.value(CLUSTER), file)) {
        try {
          clients.add(ConnectClient.open(cluster));
        } catch (IllegalStateException e) {
          // TLS material that cannot be loaded: the message names the file, never a password.
          err.println(cluster.name() + ": " + e.getMessage());
          return ExitCode.BAD_CONFIG;
        }
      }
      return command.run(new Invocation(parsed, List.copyOf(clients), out, err));
    } catch (UsageException e) {
      err.println(command.name() + ": " + e.getMessage() + " (see " + command.name() + " --help)");
      return ExitCode.USAGE;
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return ExitCode.BAD_CONFIG;
    } finally {
      for (ConnectClient client : clients) {
        try {
          client.close();
        } catch (IOException e) {
          // nothing left to do at exit
        }
      }
    }
  }

  private static List<ClusterConfig> select(ExporterConfig config, String name, String file)
      throws UsageException {
    if (name == null) {
      return config.clusters();
    }
    List<ClusterConfig> named =
        config.clusters().stream().filter(c -> c.name().equals(name)).toList();
    if (named.isEmpty()) {
      throw new UsageException(
          "no cluster named \""
              + name
              + "\" in "
              + file
              + " (clusters: "
              + config.clusters().stream()
                  .map(ClusterConfig::name)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return named;
  }

  private static String usage(Command command) {
    return "usage: "
        + JAR
        + " "
        + command.usage()
        + "  "
        + CONFIG
        + " FILE     the exporter's config file (clusters, auth, TLS, timeouts)\n"
        + "  "
        + CLUSTER
        + " NAME    only this cluster of the file (default: every cluster)\n"
        + "Exit codes: 0 done, 3 cluster unreachable, 4 no such connector, 5 refused by Connect,\n"
        + "6 not authorized, 64 bad arguments, 75 rebalance in progress (retry), 78 bad config file\n"
        + "(check: 1 UNASSIGNED or RESTARTING, 2 FAILED). See README, \"Commands\".\n";
  }

  private static Command find(String word) {
    return ALL.stream().filter(c -> c.name().equals(word)).findFirst().orElse(null);
  }
}
