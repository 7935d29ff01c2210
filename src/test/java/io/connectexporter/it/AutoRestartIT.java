package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.connectexporter.autorestart.AutoRestarter;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.ItSupport;
import io.connectexporter.testcluster.TestConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Auto-restart against the real cluster, with seconds instead of minutes. One exporter watches the
 * cluster three times, each entry with its own auto-restart settings and connector names: "auto"
 * restarts {@code auto-*}, "dry" dry-runs {@code dry-*}, "guard" restarts {@code guard-*} after 8 s
 * FAILED (long enough to pause one first). A sink's starts are counted in a file by the sink
 * itself: the proof of what Connect really did.
 */
class AutoRestartIT extends ItSupport {

  private static final String RESTARTS = "kafka_connect_exporter_auto_restarts_total";
  private static final String GAVE_UP = "kafka_connect_exporter_auto_restart_gave_up";
  private static final int MAX_RESTARTS = 3;

  @TempDir static Path dir;
  private static ExporterUnderTest exporter;
  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

  private static String entry(String name, String settings) {
    String config = ExporterUnderTest.config(cluster(), name, "1s");
    String clusterEntry =
        config.substring(
            config.indexOf("clusters = [") + "clusters = [".length(), config.lastIndexOf("]"));
    return clusterEntry.substring(0, clusterEntry.lastIndexOf('}'))
        + ", auto-restart { enabled = true, "
        + settings
        + " } }";
  }

  @BeforeAll
  static void start() throws IOException {
    LOG.start();
    ((Logger) LoggerFactory.getLogger(AutoRestarter.class)).addAppender(LOG);
    String quick =
        "min-failed-time = 1s, initial-backoff = 1s, max-backoff = 4s, max-restarts = "
            + MAX_RESTARTS
            + ", reset-after = 5s";
    String config = ExporterUnderTest.config(cluster(), "x", "1s");
    String head = config.substring(0, config.indexOf("clusters = ["));
    exporter =
        ExporterUnderTest.start(
            head
                + "clusters = [\n"
                + entry("auto", quick + ", include-connectors = [\"auto-.*\"]")
                + ",\n"
                + entry("dry", quick + ", dry-run = true, include-connectors = [\"dry-.*\"]")
                + ",\n"
                + entry(
                    "guard",
                    "min-failed-time = 8s, initial-backoff = 1s, include-connectors = [\"guard-.*\"]")
                + "\n] }");
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(AutoRestarter.class)).detachAppender(LOG);
    if (exporter != null) {
      exporter.close();
    }
  }

  @AfterEach
  void cleanUp() {
    deleteCreated();
  }

  /**
   * A sink whose first {@code failedStarts} task starts fail; returns the file counting its starts.
   */
  private Path sinkFailingFirstStarts(String name, int failedStarts) {
    Path counter = dir.resolve(name + ".starts");
    create(name, TestConnectors.sinkFailingFirstStarts(unique("topic"), failedStarts, counter));
    return counter;
  }

  private static int starts(Path counter) {
    try {
      return Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static double restarts(String cluster, String connector, String result) {
    return exporter
        .scrape()
        .sum(RESTARTS, "cluster", cluster, "connector", connector, "task", "0", "result", result);
  }

  private static String taskState(String connector) {
    return ConnectorAdmin.task(admin().status(connector), 0).path("state").asText();
  }

  @Test
  void aSinkThatFailsTwiceIsRunningAgainWithoutAHuman() {
    String name = unique("auto-twice");
    Path counter = sinkFailingFirstStarts(name, 2);
    admin().awaitTaskState(name, 0, "RUNNING", TIMEOUT);
    assertEquals(
        3, starts(counter), "started 3 times: created, then restarted twice by the exporter");
    exporter.awaitScrape(
        "2 restarts counted", TIMEOUT, m -> restarts("auto", name, "restarted") == 2);
    assertTrue(exporter.scrape().find(GAVE_UP, "connector", name).isEmpty(), "not given up");
    assertTrue(
        LOG.list.stream()
            .anyMatch(
                e ->
                    e.getFormattedMessage()
                        .contains(
                            "cluster=auto connector="
                                + name
                                + " task=0: attempt 2/"
                                + MAX_RESTARTS
                                + ", next backoff 2s, result restarted")),
        logged());
  }

  @Test
  void aSinkThatAlwaysFailsIsGivenUpAfterMaxRestartsAndItsSeriesGoWithIt() {
    String name = unique("auto-always");
    Path counter = sinkFailingFirstStarts(name, 1000);
    exporter.awaitScrape(
        "given up",
        TIMEOUT,
        m -> m.sum(GAVE_UP, "cluster", "auto", "connector", name, "task", "0") == 1);
    assertEquals(MAX_RESTARTS, restarts("auto", name, "restarted"));
    assertEquals(
        1 + MAX_RESTARTS,
        starts(counter),
        "the first start and " + MAX_RESTARTS + " restarts, no more");
    assertEquals("FAILED", taskState(name));
    assertTrue(
        LOG.list.stream()
            .anyMatch(
                e ->
                    e.getFormattedMessage()
                        .contains(
                            "cluster=auto connector="
                                + name
                                + " task=0: gave up after "
                                + MAX_RESTARTS
                                + " restarts")),
        logged());
    String page = exporter.get("/").body();
    assertTrue(
        page.contains("<li>connector " + name + " task 0</li>"),
        "the status page lists the give-up");

    admin().delete(name);
    admin().awaitDeleted(name);
    exporter.awaitScrape(
        "no series of the deleted connector",
        TIMEOUT,
        m ->
            m.find(GAVE_UP, "connector", name).isEmpty()
                && m.find(RESTARTS, "connector", name).isEmpty());
  }

  @Test
  void aPausedConnectorsFailedTaskIsNeverRestarted() {
    String paused = unique("guard-paused");
    String control = unique("guard-control");
    Path pausedStarts = sinkFailingFirstStarts(paused, 1000);
    sinkFailingFirstStarts(control, 1000);
    admin().awaitTaskState(paused, 0, "FAILED", TIMEOUT);
    admin().pause(paused);
    admin().awaitConnectorState(paused, "PAUSED", TIMEOUT);
    assertEquals(
        "FAILED", taskState(paused), "pausing leaves the FAILED task FAILED: the case under test");
    // The same failure, not paused, failed no earlier: once it has been restarted twice, the paused
    // one would have been too, had the policy not left it alone.
    exporter.awaitScrape(
        "the unpaused twin restarted twice",
        TIMEOUT,
        m -> restarts("guard", control, "restarted") >= 2);
    assertEquals(1, starts(pausedStarts), "never restarted");
    assertTrue(
        exporter.scrape().find(RESTARTS, "connector", paused).isEmpty(), "no restart counted");
    assertEquals("FAILED", taskState(paused));
  }

  @Test
  void aDryRunCountsButMakesNoCall() {
    String name = unique("dry-always");
    Path counter = sinkFailingFirstStarts(name, 1000);
    exporter.awaitScrape("dry runs counted", TIMEOUT, m -> restarts("dry", name, "dry_run") >= 2);
    assertEquals(1, starts(counter), "started once: no restart was made");
    assertEquals("FAILED", taskState(name));
    assertTrue(exporter.scrape().find(RESTARTS, "cluster", "dry", "result", "restarted").isEmpty());
  }

  private static String logged() {
    return "auto-restart log:\n"
        + String.join(
            "\n", List.copyOf(LOG.list).stream().map(ILoggingEvent::getFormattedMessage).toList());
  }
}
