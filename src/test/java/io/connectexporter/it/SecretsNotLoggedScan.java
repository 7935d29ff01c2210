package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.connectexporter.tls.SecretsInLogs;
import io.connectexporter.tls.TestSecrets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own Failsafe execution, last in the pom): no test
 * secret ({@link TestSecrets}) in any log the run wrote: not the unit tests' or the ITs' output
 * (in-process exporters included), nor the test cluster's, Prometheus', Alertmanager's or the
 * exporter jar's logs. Only files written since the build started count, so a stale log of an older
 * build does not.
 */
class SecretsNotLoggedScan {

  @Test
  void noTestSecretInAnyLogOfThisRun() {
    Path target = Path.of(System.getProperty("build.directory", "target"));
    String started = System.getProperty("build.started", "");
    // Maven's build timestamp has minute precision: look one minute further back.
    FileTime since =
        started.isEmpty()
            ? FileTime.from(Instant.now().minus(12, ChronoUnit.HOURS))
            : FileTime.from(Instant.parse(started).minus(1, ChronoUnit.MINUTES));
    List<Path> logs = SecretsInLogs.logFiles(List.of(target), since);
    List<SecretsInLogs.Hit> hits = SecretsInLogs.scan(logs);
    System.out.println(
        "searched "
            + logs.size()
            + " log files written since "
            + since
            + " for "
            + SecretsInLogs.needles().size()
            + " secrets and basic auth headers: "
            + hits.size()
            + " hits");
    logs.forEach(log -> System.out.println("  " + log));
    assertFalse(logs.isEmpty(), "no log of this run found under " + target.toAbsolutePath());
    assertEquals(List.of(), hits, "test secrets (TestSecrets) found in logs");
  }
}
