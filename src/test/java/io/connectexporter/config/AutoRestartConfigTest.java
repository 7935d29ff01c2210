package io.connectexporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cluster's {@code auto-restart} block: off by default, every value checked with its key named.
 */
class AutoRestartConfigTest {

  private static AutoRestartSettings parse(String block) {
    return ConfigLoader.fromConfig(
            ConfigFactory.parseString(
                "exporter.clusters = [{ name = prod, rest.urls = "
                    + "[\"http://c1:8083\"]"
                    + block
                    + " }]"))
        .clusters()
        .get(0)
        .autoRestart();
  }

  private static String problems(String block) {
    return assertThrows(InvalidConfigException.class, () -> parse(block)).getMessage();
  }

  @Test
  void offByDefaultWithTheDocumentedDefaults() {
    AutoRestartSettings s = parse("");
    assertFalse(s.enabled());
    assertFalse(s.dryRun());
    assertEquals(Duration.ofMinutes(1), s.minFailedTime());
    assertEquals(Duration.ofMinutes(1), s.initialBackoff());
    assertEquals(Duration.ofMinutes(30), s.maxBackoff());
    assertEquals(5, s.maxRestarts());
    assertEquals(Duration.ofMinutes(10), s.resetAfter());
    assertTrue(s.covers("any-connector"));
  }

  @Test
  void enabledPerClusterWithPatterns() {
    AutoRestartSettings s =
        parse(
            ", auto-restart { enabled = true, dry-run = true, max-restarts = 3,"
                + " include-connectors = [\"orders-.*\"], exclude-connectors = [\".*-experimental\"] }");
    assertTrue(s.enabled());
    assertTrue(s.dryRun());
    assertEquals(3, s.maxRestarts());
    assertTrue(s.covers("orders-sink"));
    assertFalse(s.covers("orders-experimental"), "exclude wins");
    assertFalse(s.covers("payments-sink"));
  }

  @Test
  void badValuesAreNamedWithTheirKey() {
    String message =
        problems(
            ", auto-restart { enabled = yes-please, min-failed-time = soon, max-restarts = 0,"
                + " initial-backoff = 10m, max-backoff = 1m, reset-after = -1s, include-connectors = [\"orders-(\"], typo = 1 }");
    for (String expected :
        new String[] {
          "exporter.clusters[0].auto-restart.enabled:",
          "exporter.clusters[0].auto-restart.min-failed-time:",
          "exporter.clusters[0].auto-restart.max-restarts: 0 is out of range 1..1000",
          "exporter.clusters[0].auto-restart.max-backoff: PT1M is shorter than initial-backoff PT10M",
          "exporter.clusters[0].auto-restart.reset-after: must be positive",
          "exporter.clusters[0].auto-restart.include-connectors[0]: \"orders-(\" is not a valid regex",
          "exporter.clusters[0].auto-restart.typo: unknown key"
        }) {
      assertTrue(message.contains(expected), "expected " + expected + " in:\n" + message);
    }
  }
}
