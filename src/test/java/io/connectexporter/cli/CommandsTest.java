package io.connectexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.LocalHttpServer.Answer;
import io.connectexporter.testcluster.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares, run in-process: help, argument and config errors, exit codes. */
class CommandsTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Commands.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String config(String... clusters) throws Exception {
    Path file = dir.resolve("exporter.conf");
    Files.writeString(file, "exporter.clusters = [" + String.join(", ", clusters) + "]");
    return file.toString();
  }

  private static String deadCluster(String name) {
    return "{ name = "
        + name
        + ", rest { urls = [\"http://127.0.0.1:"
        + Ports.free()
        + "\"], connect-timeout = 1s,"
        + " request-timeout = 1s } }";
  }

  private static String liveCluster(String name, LocalHttpServer connect) {
    return "{ name = "
        + name
        + ", rest { urls = [\""
        + connect.url()
        + "\"], connect-timeout = 1s, request-timeout = 1s } }";
  }

  private static Answer json(int status, String body) {
    return new Answer(status, body.getBytes(StandardCharsets.UTF_8), 0);
  }

  private static void assertOneLineNoStackTrace(String expected, Run run) {
    assertEquals(expected + "\n", run.err(), "one line on stderr");
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
  }

  @Test
  void refusedCredentialsExit6AndAConflictExit75WithOneLineSayingWhatToDo() throws Exception {
    try (LocalHttpServer connect =
        new LocalHttpServer()
            .on("/connectors/orders/pause", json(401, ""))
            .on("/connectors/orders/resume", json(403, ""))
            .on(
                "/connectors/orders/tasks/0/restart",
                json(
                    409,
                    "{\"error_code\":409,\"message\":\"Cannot complete request because"
                        + " of a conflicting operation (e.g. worker rebalance)\"}"))) {
      String conf = config(liveCluster("prod", connect));

      Run pause = run("pause", "--config", conf, "orders");
      assertEquals(6, pause.exit(), "401");
      assertOneLineNoStackTrace(
          "prod: orders: pause: PUT /connectors/orders/pause answered HTTP 401"
              + " (check rest.auth in the config file)",
          pause);

      Run resume = run("resume", "--config", conf, "orders");
      assertEquals(6, resume.exit(), "403");
      assertOneLineNoStackTrace(
          "prod: orders: resume: PUT /connectors/orders/resume answered HTTP 403"
              + " (check rest.auth in the config file)",
          resume);

      Run restart = run("restart", "--config", conf, "orders", "--task", "0");
      assertEquals(75, restart.exit(), "409");
      assertOneLineNoStackTrace(
          "prod: orders: restart task 0: POST /connectors/orders/tasks/0/restart answered HTTP 409:"
              + " Cannot complete request because of a conflicting operation (e.g. worker"
              + " rebalance) (a rebalance or another change is in progress: retry)",
          restart);
      assertEquals("", pause.out() + resume.out() + restart.out(), "nothing claimed done");
    }
  }

  @Test
  void restartFailedBeforeConnect30IsOneRequestPerFailedTaskAndConnector() throws Exception {
    // The captured 3.9.2 cluster (a FAILED connector, two connectors with a FAILED task), as a
    // Connect 2.8 would answer it: without restart?includeTasks=true&onlyFailed=true (KIP-745,
    // 3.0).
    ObjectNode root = (ObjectNode) Fixtures.json("3.9.2", "rest-root.json");
    root.put("version", "2.8.2");
    try (LocalHttpServer connect =
        new LocalHttpServer()
            .on("/", Answer.ok(root.toString()))
            .on(
                "/connectors?expand=status&expand=info",
                Answer.ok(Fixtures.bytes("3.9.2", "rest-expanded.json")))
            // Connect 2.x answers both restarts with 204 No Content.
            .on("/connectors/broken-connector/restart", json(204, ""))
            .on("/connectors/broken-start-source/tasks/0/restart", json(204, ""))
            .on("/connectors/poison-sink/tasks/0/restart", json(204, ""))) {
      Run restart = run("restart", "--config", config(liveCluster("old", connect)), "--failed");

      assertEquals(0, restart.exit(), restart.err());
      assertEquals("", restart.err());
      assertEquals(
          List.of(
              "POST /connectors/broken-connector/restart",
              "POST /connectors/broken-start-source/tasks/0/restart",
              "POST /connectors/poison-sink/tasks/0/restart"),
          connect.log().stream().filter(r -> !r.startsWith("GET ")).sorted().toList(),
          "one request per FAILED part, nothing for the rest: " + connect.log());
      assertEquals(
          List.of(
              "old: broken-connector: FAILED connector restarted",
              "old: broken-start-source: FAILED task 0 restarted",
              "old: poison-sink: FAILED task 0 restarted"),
          restart.out().lines().sorted().toList(),
          "each request printed");
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        new String[] {"status", "check", "restart", "pause", "resume", "stop", "delete", "apply"}) {
      Run help = run(command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(
          help.out()
              .startsWith(
                  "usage: java -jar kafka-connect-exporter.jar " + command + " --config FILE"),
          help.out());
      assertTrue(help.out().contains("--cluster NAME"), help.out());
    }
  }

  @Test
  void badArgumentsAreOneLineAndExit64() throws Exception {
    String conf = config(deadCluster("a"));
    Run noConfig = run("status");
    assertEquals(64, noConfig.exit());
    assertEquals(
        "status: --config FILE is required (the exporter's config file: clusters, auth, TLS) (see status"
            + " --help)\n",
        noConfig.err());
    assertEquals(64, run("restart", "--config", conf).exit());
    assertEquals(64, run("restart", "--config", conf, "--failed", "orders").exit());
    assertEquals(64, run("restart", "--config", conf, "orders", "--task", "x").exit());
    assertEquals(64, run("pause", "--config", conf).exit());
    assertEquals(64, run("pause", "--config", conf, "a", "b").exit());
    assertEquals(64, run("status", "--config", conf, "--output", "yaml").exit());
    Run unknownCluster = run("check", "--config", conf, "--cluster", "nope");
    assertEquals(64, unknownCluster.exit());
    assertTrue(
        unknownCluster.err().contains("no cluster named \"nope\"")
            && unknownCluster.err().contains("(clusters: a)"),
        unknownCluster.err());
  }

  @Test
  void aBadConfigFileExits78NamingTheKey() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "exporter.clusters = [{ name = a, rest.url = \"http://x:8083\" }]");
    Run bad = run("check", "--config", file.toString());
    assertEquals(78, bad.exit());
    assertTrue(bad.err().contains("exporter.clusters[0].rest.url: unknown key"), bad.err());
    assertEquals(78, run("check", "--config", dir.resolve("missing.conf").toString()).exit());
  }

  @Test
  void anUnreachableClusterIsExit3WithOneLineAndNoStackTrace() throws Exception {
    String conf = config(deadCluster("down"));
    Run check = run("check", "--config", conf);
    assertEquals(3, check.exit());
    assertTrue(
        check.out().startsWith("UNKNOWN - down: unreachable (http://127.0.0.1:"), check.out());
    assertTrue(check.out().contains("(refused)"), check.out());
    assertEquals(3, run("status", "--config", conf).exit());
    Run pause = run("pause", "--config", conf, "orders");
    assertEquals(3, pause.exit());
    assertEquals(1, pause.err().lines().count(), pause.err());
    assertTrue(pause.err().startsWith("down: orders: pause: http://127.0.0.1:"), pause.err());
    assertFalse(pause.err().contains("\tat "), pause.err());
  }

  @Test
  void aBadConnectorFileExits65BeforeAnyRequest() throws Exception {
    String conf = config(deadCluster("down"));
    Path connector = dir.resolve("c.json");
    Files.writeString(connector, "{\"name\": \"x\"}");
    Run apply = run("apply", "--config", conf, "-f", connector.toString());
    assertEquals(65, apply.exit());
    assertEquals(connector + ": config has no \"connector.class\"\n", apply.err());
    assertEquals(
        65, run("apply", "--config", conf, "-f", dir.resolve("none.json").toString()).exit());
  }
}
