package io.connectexporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every place the exporter is launched ends the JVM on OutOfMemoryError, so a supervisor restarts
 * it rather than leaving a process whose threads died of the error (the JVM flag; PollLoop also
 * halts on one it catches).
 */
class LaunchFlagsTest {

  private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

  @Test
  void readmeCommandDockerfileAndDemoExitOnOutOfMemory() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(
        readme.contains("java -Xmx512m " + FLAG + " -jar target/kafka-connect-exporter.jar"),
        "the README's run command");
    String entrypoint =
        Files.readAllLines(Path.of("Dockerfile")).stream()
            .filter(l -> l.startsWith("ENTRYPOINT"))
            .findFirst()
            .orElseThrow();
    assertTrue(entrypoint.contains("\"" + FLAG + "\""), entrypoint);
    assertTrue(
        Files.readString(Path.of(".mvn", "jvm.config")).contains(FLAG),
        "the demo runs the exporter in Maven's JVM (exec:java)");
  }
}
