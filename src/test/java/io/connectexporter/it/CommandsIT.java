package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ItSupport;
import io.connectexporter.testcluster.Ports;
import io.connectexporter.testcluster.TestConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as users run them: the jar, as a process, with the exporter's config file, against
 * the real cluster (cluster "it") and a cluster nobody listens for (cluster "down").
 */
class CommandsIT extends ItSupport {

  private static final String CONNECT_EXCEPTION =
      "org.apache.kafka.connect.errors.ConnectException";
  private static final String FAKE_PASSWORD = "fake-Pa55word-7f3a";

  @TempDir static Path dir;
  private static Path config;

  /** One run of a command: its exit code and what it printed. */
  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @BeforeAll
  static void writeConfig() throws IOException {
    String restUrls =
        cluster().workers().stream()
            .map(ConnectWorker::restUrl)
            .map(u -> "\"" + u + "\"")
            .collect(Collectors.joining(", "));
    config = dir.resolve("exporter.conf");
    Files.writeString(
        config,
        "exporter.clusters = [\n"
            + "  { name = it, rest { urls = ["
            + restUrls
            + "], request-timeout = 30s } }\n"
            + "  { name = down, rest { urls = [\"http://127.0.0.1:"
            + Ports.free()
            + "\"], connect-timeout = 1s } }\n"
            + "]\n");
  }

  @AfterEach
  void cleanUp() {
    deleteCreated();
  }

  private static Run run(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString()));
    command.add(args[0]);
    command.addAll(List.of("--config", config.toString()));
    command.addAll(List.of(args).subList(1, args.length));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "command ended: " + command);
    Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    assertFalse(
        run.err().contains("\tat ") || run.err().contains("Exception in thread"),
        "no stack trace: " + run);
    return run;
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar);
    return jar;
  }

  @Test
  void statusShowsTheFailedTaskFirstCheckSaysCriticalAndTheLifecycleCommandsAct() throws Exception {
    String healthy = unique("cmd-ok");
    String failing = unique("cmd-fail");
    create(healthy, TestConnectors.rateSource(unique("topic"), 5, 1));
    create(failing, TestConnectors.startFailingSource(1));
    admin().awaitTasksRunning(healthy, 1, TIMEOUT);
    admin().awaitTaskState(failing, 0, "FAILED", TIMEOUT);

    Run status = run("status", "--cluster", "it");
    assertEquals(0, status.exit(), status.toString());
    List<String> lines = status.out().lines().toList();
    int failingRow = indexOfRow(lines, failing);
    assertTrue(
        failingRow >= 0 && failingRow < indexOfRow(lines, healthy), "FAILED first: " + status);
    assertTrue(lines.get(failingRow).endsWith("1 FAILED"), status.toString());
    assertTrue(
        lines
            .get(failingRow + 1)
            .matches(
                "  task 0 FAILED on 127\\.0\\.0\\.1:\\d+: "
                    + CONNECT_EXCEPTION.replace(".", "\\.")),
        status.toString());

    JsonNode json =
        new ObjectMapper().readTree(run("status", "--cluster", "it", "--output", "json").out());
    JsonNode first = json.path("clusters").get(0).path("connectors").get(0);
    assertEquals("FAILED", first.path("health").asText(), json.toPrettyString());
    JsonNode failingJson = connector(json, failing);
    assertEquals(
        CONNECT_EXCEPTION, failingJson.path("failures").get(0).path("exception_class").asText());
    assertEquals(0, failingJson.path("failures").get(0).path("task").asInt());

    Run check = run("check", "--cluster", "it");
    assertEquals(2, check.exit(), check.toString());
    assertTrue(
        check.out().startsWith("CRITICAL - it: ") && check.out().contains(failing + " task 0"),
        check.out());
    Run checkAll = run("check");
    assertEquals(2, checkAll.exit(), "a FAILED task wins over an unreachable cluster: " + checkAll);
    assertTrue(checkAll.out().contains(" | down: unreachable ("), checkAll.out());

    Run delete = run("delete", "--cluster", "it", failing);
    assertEquals(new Run(0, "it: " + failing + ": deleted\n", ""), delete);
    admin().awaitDeleted(failing);

    Run pause = run("pause", "--cluster", "it", healthy);
    assertEquals(new Run(0, "it: " + healthy + ": pause requested\n", ""), pause);
    admin().awaitTaskState(healthy, 0, "PAUSED", TIMEOUT);
    String stopped = unique("cmd-stop");
    create(stopped, TestConnectors.rateSource(unique("topic"), 5, 1));
    admin().awaitTasksRunning(stopped, 1, TIMEOUT);
    assertEquals(
        new Run(0, "it: " + stopped + ": stopped\n", ""), run("stop", "--cluster", "it", stopped));
    admin().awaitConnectorState(stopped, "STOPPED", TIMEOUT);
    // PAUSED and STOPPED are intended: healthy (a rebalance may leave a task UNASSIGNED for a
    // moment)
    eventually(
        "check exits 0 with a PAUSED and a STOPPED connector",
        TIMEOUT,
        () -> {
          try {
            Run healthyCheck = run("check", "--cluster", "it");
            return healthyCheck.exit() == 0 && healthyCheck.out().startsWith("OK - it: ");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });

    assertEquals(0, run("resume", "--cluster", "it", healthy).exit());
    assertEquals(0, run("resume", "--cluster", "it", stopped).exit());
    admin().awaitTasksRunning(healthy, 1, TIMEOUT);
    admin().awaitTasksRunning(stopped, 1, TIMEOUT);
  }

  @Test
  void restartFailedBringsBackATaskThatFailedOnce() throws Exception {
    String name = unique("cmd-flaky");
    create(
        name,
        TestConnectors.sinkFailingFirstStarts(unique("topic"), 1, dir.resolve(name + ".starts")));
    admin().awaitTaskState(name, 0, "FAILED", TIMEOUT);
    assertEquals(2, run("check", "--cluster", "it").exit());

    Run restart = run("restart", "--cluster", "it", "--failed");
    assertEquals(0, restart.exit(), restart.toString());
    assertTrue(
        restart
            .out()
            .contains(
                "it: "
                    + name
                    + ": restart of FAILED task 0 requested"
                    + " (restart?includeTasks=true&onlyFailed=true)\n"),
        restart.toString());
    admin().awaitTasksRunning(name, 1, TIMEOUT);

    assertEquals(
        new Run(0, "it: nothing FAILED", ""),
        firstLineOf(run("restart", "--cluster", "it", "--failed")));
    assertEquals(
        new Run(0, "it: " + name + ": task 0 restarted\n", ""),
        run("restart", "--cluster", "it", name, "--task", "0"));
    assertEquals(
        new Run(0, "it: " + name + ": restart of the connector and its 1 task requested\n", ""),
        run("restart", "--cluster", "it", name));
    admin().awaitTasksRunning(name, 1, TIMEOUT);

    Run unknown = run("restart", "--cluster", "it", "no-such-connector");
    assertEquals(4, unknown.exit(), unknown.toString());
    assertEquals(1, unknown.err().lines().count(), unknown.toString());
    assertTrue(
        unknown
            .err()
            .startsWith(
                "it: no-such-connector: restart: POST /connectors/no-such-connector/restart"),
        unknown.toString());
  }

  @Test
  void applyCreatesThenLeavesThenUpdatesAndNeverPrintsTheConfig() throws Exception {
    // a name that needs encoding in a URL path (not ';': see README, Connector names)
    String name = unique("cmd apply ?#&+");
    created.add(name);
    Map<String, String> conf =
        new LinkedHashMap<>(TestConnectors.rateSource(unique("topic"), 5, 1));
    conf.put("connection.password", FAKE_PASSWORD);
    Path file = dir.resolve("connector.json");

    writeConnector(file, name, conf);
    assertEquals(new Run(0, "it: " + name + ": created\n", ""), apply(file));
    admin().awaitTasksRunning(name, 1, TIMEOUT);
    assertEquals(new Run(0, "it: " + name + ": unchanged\n", ""), apply(file));

    conf.put("records.per.second", "7");
    writeConnector(file, name, conf);
    assertEquals(new Run(0, "it: " + name + ": updated\n", ""), apply(file));
    assertEquals(
        "7.0",
        String.valueOf(
            Double.parseDouble(admin().config(name).path("records.per.second").asText())));

    // Connect's validation message quotes the value it refused: it must not reach the terminal
    conf.put("records.per.second", FAKE_PASSWORD);
    writeConnector(file, name, conf);
    Run invalid = apply(file);
    assertEquals(5, invalid.exit(), invalid.toString());
    assertTrue(
        invalid.err().startsWith("it: " + name + ": apply: PUT /connectors/")
            && invalid.err().contains("answered HTTP 400: ")
            && invalid.err().contains("records.per.second"),
        invalid.toString());
    assertEquals(1, invalid.err().lines().count(), invalid.toString());

    assertEquals(
        new Run(0, "it: " + name + ": pause requested\n", ""),
        run("pause", "--cluster", "it", name));
    admin().awaitConnectorState(name, "PAUSED", TIMEOUT);
    assertEquals(
        new Run(0, "it: " + name + ": deleted\n", ""), run("delete", "--cluster", "it", name));
  }

  @Test
  void anUnreachableClusterIsExit3AndTheOthersAreStillShown() throws Exception {
    Run check = run("check", "--cluster", "down");
    assertEquals(3, check.exit(), check.toString());
    assertTrue(
        check.out().startsWith("UNKNOWN - down: unreachable (http://127.0.0.1:"), check.toString());
    Run status = run("status");
    assertEquals(3, status.exit(), status.toString());
    assertTrue(status.out().startsWith("it (Connect "), status.toString());
    assertTrue(status.out().contains("\ndown: unreachable: http://127.0.0.1:"), status.toString());
  }

  private Run apply(Path file) throws Exception {
    Run run = run("apply", "--cluster", "it", "-f", file.toString());
    assertFalse(
        run.out().contains(FAKE_PASSWORD) || run.err().contains(FAKE_PASSWORD),
        "config printed: " + run);
    return run;
  }

  private static void writeConnector(Path file, String name, Map<String, String> config)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    Files.writeString(file, json.writeValueAsString(Map.of("name", name, "config", config)));
  }

  private static Run firstLineOf(Run run) {
    return new Run(
        run.exit(),
        run.out().lines().findFirst().orElse("").replaceAll(" \\(\\d+ connectors\\)$", ""),
        run.err());
  }

  private static int indexOfRow(List<String> lines, String connector) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(connector + " ")) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode connector(JsonNode status, String name) {
    for (JsonNode c : status.path("clusters").get(0).path("connectors")) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError(name + " not in " + status.toPrettyString());
  }
}
