package io.connectexporter.cli;

import io.connectexporter.control.ConnectClient;
import io.connectexporter.control.ConnectRequestException;
import io.connectexporter.model.RestSnapshot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a command runs with: its arguments, a client per selected cluster (in config order), and its
 * output.
 */
public record Invocation(Args args, List<ConnectClient> clients, PrintStream out, PrintStream err) {

  /** The status of one cluster, or why it could not be read. */
  public record ClusterRead(String cluster, RestSnapshot snapshot, ConnectRequestException error) {}

  /**
   * Every selected cluster's status, read in parallel (each bounded by the cluster's REST
   * timeouts).
   */
  public List<ClusterRead> readAll() {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(clients.size(), 8),
            r -> {
              Thread t = new Thread(r, "read-cluster");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<ClusterRead>> reads = new ArrayList<>();
      for (ConnectClient client : clients) {
        reads.add(
            pool.submit(
                () -> {
                  try {
                    return new ClusterRead(client.clusterName(), client.status(), null);
                  } catch (ConnectRequestException e) {
                    return new ClusterRead(client.clusterName(), null, e);
                  }
                }));
      }
      List<ClusterRead> result = new ArrayList<>();
      for (Future<ClusterRead> read : reads) {
        result.add(read.get());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A change made on one cluster; it prints what it did. */
  @FunctionalInterface
  public interface ClusterAction {
    void run(ConnectClient client) throws ConnectRequestException;
  }

  /**
   * Runs the action on every selected cluster, in config order, each failure one line on stderr.
   * The exit code is that of the first failure, except that "no such connector" on some clusters is
   * no failure when the action was done on another.
   */
  public int eachCluster(String what, ClusterAction action) {
    List<Integer> codes = new ArrayList<>();
    for (ConnectClient client : clients) {
      try {
        action.run(client);
        codes.add(ExitCode.OK);
      } catch (ConnectRequestException e) {
        codes.add(failed(client.clusterName(), what, e));
      }
    }
    boolean doneSomewhere = codes.contains(ExitCode.OK);
    return codes.stream()
        .filter(c -> c != ExitCode.OK && !(doneSomewhere && c == ExitCode.NOT_FOUND))
        .findFirst()
        .orElse(ExitCode.OK);
  }

  /** The one connector name a command acts on. */
  public String connectorArgument() throws UsageException {
    List<String> positionals = args.positionals();
    if (positionals.size() != 1) {
      throw new UsageException(
          positionals.isEmpty()
              ? "name the connector"
              : "one connector at a time (got "
                  + positionals.size()
                  + " names; quote a name with spaces)");
    }
    return positionals.get(0);
  }

  /** Prints a failure of one cluster as one line on stderr and returns its exit code. */
  public int failed(String cluster, String what, ConnectRequestException e) {
    String hint =
        switch (e.failure()) {
          case CONFLICT -> " (a rebalance or another change is in progress: retry)";
          case UNAUTHORIZED -> " (check rest.auth in the config file)";
          default -> "";
        };
    err.println(StatusTable.safe(cluster + ": " + what + ": " + e.getMessage() + hint));
    return ExitCode.of(e);
  }
}
