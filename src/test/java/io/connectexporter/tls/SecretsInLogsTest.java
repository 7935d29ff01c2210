package io.connectexporter.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log search finds a planted secret, plain or in a basic auth header, and only in logs of this
 * run.
 */
class SecretsInLogsTest {

  @Test
  void findsPlantedSecretsInLogsOfThisRunOnly(@TempDir Path dir) throws Exception {
    FileTime since = FileTime.from(Instant.now().minusSeconds(60));
    Files.createDirectories(dir.resolve("failsafe-reports/kafka-4.3.1"));
    Files.createDirectories(dir.resolve("cluster/run-1/broker-data"));
    Path itOutput =
        Files.writeString(
            dir.resolve("failsafe-reports/kafka-4.3.1/io.x.SomeIT-output.txt"),
            "line one\nstarting with password " + TestSecrets.SCRAPE_PASSWORD + "\n");
    String header =
        Base64.getEncoder()
            .encodeToString(
                (TestSecrets.REST_USER + ":" + TestSecrets.REST_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    Path workerLog =
        Files.writeString(
            dir.resolve("cluster/run-1/worker-1.log"), "Authorization: Basic " + header);
    Files.writeString(dir.resolve("cluster/run-1/clean.log"), "nothing to see");
    Files.writeString(
        dir.resolve("cluster/run-1/worker-1.properties"),
        "ssl.keystore.password=" + TestSecrets.STORE_PASSWORD);
    Files.writeString(
        dir.resolve("cluster/run-1/broker-data/00000000000000000000.log"),
        TestSecrets.STORE_PASSWORD);
    Path old =
        Files.writeString(dir.resolve("cluster/run-1/old-run.log"), TestSecrets.JOLOKIA_PASSWORD);
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));

    List<Path> logs = SecretsInLogs.logFiles(List.of(dir), since);
    assertEquals(3, logs.size(), "the IT output, the worker log and the clean log: " + logs);
    List<SecretsInLogs.Hit> hits = SecretsInLogs.scan(logs);
    assertEquals(2, hits.size(), hits.toString());
    assertEquals(
        List.of(workerLog, itOutput).stream().sorted().toList(),
        hits.stream().map(SecretsInLogs.Hit::file).sorted().toList());
    SecretsInLogs.Hit plain =
        hits.stream().filter(h -> h.file().equals(itOutput)).findFirst().orElseThrow();
    assertEquals(2, plain.line());
    for (String secret : TestSecrets.all()) {
      assertFalse(hits.toString().contains(secret), "a hit names the secret, never shows it");
    }
  }
}
