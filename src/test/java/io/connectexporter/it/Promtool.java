package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real promtool (Debian package prometheus), and finds the other Debian binaries tests
 * run. Absent: fails under CI=true, else skips loudly.
 */
public final class Promtool {

  private Promtool() {}

  public static String binary(String name) {
    return binary(name, "prometheus prometheus-alertmanager");
  }

  /**
   * The executable {@code name} on PATH, from the Debian {@code packages}; absent: fails under
   * CI=true, else skips.
   */
  public static String binary(String name, String packages) {
    java.util.Optional<String> found = find(name);
    if (found.isPresent()) {
      return found.get();
    }
    String reason =
        name
            + " not found on PATH: install the Debian package (apt-get install "
            + packages
            + "; .ci/run does it)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(reason);
    }
    System.err.println("SKIPPING: " + reason);
    Assumptions.abort(reason);
    return null;
  }

  /** The executable {@code name} on PATH, if there is one. */
  public static java.util.Optional<String> find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return java.util.Optional.of(f.getPath());
      }
    }
    return java.util.Optional.empty();
  }

  /** {@code promtool check metrics} reads the exposition on stdin; any lint output is a failure. */
  public static void assertCheckMetricsClean(String exposition) throws Exception {
    Process p =
        new ProcessBuilder(binary("promtool"), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool check metrics hung");
    }
    assertEquals("", output.strip(), "promtool check metrics complained");
    assertEquals(0, p.exitValue());
  }
}
