package io.connectexporter.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.faults.HostileHttpServer.Huge;
import io.connectexporter.faults.HostileHttpServer.Respond;
import io.connectexporter.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap that runs out ends the process with a non-zero exit code, so that a supervisor restarts
 * it: with the JVM flag every launch uses ({@code -XX:+ExitOnOutOfMemoryError}), and without it too
 * (the poll loop halts on an OutOfMemoryError that reaches it). A REST API answers a valid expand
 * answer that never ends, the response cap is set far above the heap.
 */
class OutOfMemoryExitIT {

  private static Process exporter(Path dir, String url, boolean flag) throws Exception {
    Path config = dir.resolve("exporter.conf");
    Files.writeString(
        config,
        "exporter { listen { host = \"127.0.0.1\", port = 0 }, poll { interval = 60s,"
            + " deadline = 58s }\n clusters = [{ name = \"oom\", rest { urls = [\""
            + url
            + "\"],"
            + " max-response-size = 4GiB, request-timeout = 30s }, jolokia { url-template = \"\" } }] }");
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m"));
    if (flag) {
      command.add("-XX:+ExitOnOutOfMemoryError");
    }
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"),
            "--config",
            config.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile())
        .start();
  }

  private static void assertExitsOnOutOfMemory(Path dir, boolean flag) throws Exception {
    try (HostileHttpServer rest = HostileHttpServer.plain()) {
      rest.on("/", Respond.json(Fixtures.bytes("4.3.1", "rest-root.json")));
      // ~200 bytes per connector, each one kept: a hundred thousand fill a 32 MB heap, well within
      // the REST share of the poll deadline (29 s), which would otherwise cut the answer first.
      rest.on(
          "/connectors?expand=status&expand=info",
          new Huge(
              "{",
              i ->
                  "\"c"
                      + i
                      + "\":{\"status\":{\"name\":"
                      + "\"c"
                      + i
                      + "\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:8083\"},\"tasks\":[],"
                      + "\"type\":\"source\"},\"info\":{\"name\":\"c"
                      + i
                      + "\",\"config\":{},\"tasks\":[],\"type\":\"source\"}}",
              "}",
              4_000_000_000L));
      Process p = exporter(dir, rest.url(), flag);
      try {
        assertTrue(
            p.waitFor(90, TimeUnit.SECONDS),
            "the exporter is still running: " + Files.readString(dir.resolve("log")));
        assertEquals(3, p.exitValue(), Files.readString(dir.resolve("log")));
        assertTrue(
            Files.readString(dir.resolve("log")).contains("OutOfMemoryError")
                || Files.readString(dir.resolve("log")).contains("out of memory"),
            Files.readString(dir.resolve("log")));
      } finally {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void withTheJvmFlag(@TempDir Path dir) throws Exception {
    assertExitsOnOutOfMemory(dir, true);
  }

  @Test
  void withoutTheJvmFlagThePollLoopEndsTheProcess(@TempDir Path dir) throws Exception {
    assertExitsOnOutOfMemory(dir, false);
  }
}
