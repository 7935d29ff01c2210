package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.it.PromText;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ItSupport;
import io.connectexporter.testcluster.TestConnectors;
import io.connectexporter.testcluster.WorkerHeldStarting;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The health source on real workers, through the exporter's /metrics: the shared cluster's workers
 * are healthy; a worker held in start-up (an open transaction on its config topic, see {@link
 * WorkerHeldStarting}) is not healthy (waiting, then Connect's "starting"; never "unsupported",
 * never a down target), healthy once released, and unhealthy while a connector's task planning
 * blocks its herder thread. Kafka 4.3.1 only: 3.9.2 answers the same (its answers are captured as
 * fixtures and parsed in WorkerHealthParserTest), and a held worker costs a minute.
 */
class WorkerHealthIT extends ItSupport {

  private static final Duration WAIT = TIMEOUT.plus(TIMEOUT);

  @Test
  void theSharedClustersWorkersAreHealthy() throws Exception {
    try (ExporterUnderTest exporter = ExporterUnderTest.start(cluster(), "health")) {
      PromText m =
          exporter.awaitScrape(
              "every worker healthy",
              TIMEOUT,
              t ->
                  cluster().workers().stream()
                      .allMatch(
                          w -> t.sum("kafka_connect_worker_healthy", "worker", w.workerId()) == 1));
      for (ConnectWorker w : cluster().workers()) {
        assertEquals(
            1.0,
            m.value(
                "kafka_connect_worker_health_status", "worker", w.workerId(), "status", "healthy"));
        assertEquals(
            1.0,
            m.value(
                "kafka_connect_exporter_target_up", "source", "health", "worker", w.workerId()));
      }
    }
  }

  @Test
  void aWorkerStartingUpIsNotHealthyThenHealthyThenUnhealthyWhileItsHerderIsBlocked()
      throws Exception {
    try (WorkerHeldStarting held = WorkerHeldStarting.start(cluster(), unique("health-it"))) {
      String id = held.worker().workerId();
      // REST names only workers that run something: the held worker is listed by hand.
      String hocon =
          ExporterUnderTest.config(cluster(), "health", "1s")
              .replace(
                  "endpoints = [",
                  "endpoints = [{ worker = \""
                      + id
                      + "\", url = \""
                      + held.worker().jolokiaUrl()
                      + "\" }, ");
      try (ExporterUnderTest exporter = ExporterUnderTest.start(hocon)) {
        Set<String> seen = new TreeSet<>();
        PromText starting =
            exporter.awaitScrape(
                "the held worker answers starting",
                WAIT,
                t -> {
                  t.find("kafka_connect_worker_health_status", "worker", id).stream()
                      .filter(s -> s.value() == 1)
                      .forEach(s -> seen.add(s.label("status")));
                  return seen.contains("starting");
                });
        assertEquals(0.0, starting.value("kafka_connect_worker_healthy", "worker", id));
        assertFalse(
            seen.contains("unsupported") || seen.contains("healthy"), "while held: " + seen);
        assertEquals(
            1.0,
            starting.value("kafka_connect_exporter_target_up", "source", "health", "worker", id),
            "a starting worker is not a down target");

        held.release();
        exporter.awaitScrape(
            "healthy once released",
            WAIT,
            t -> t.sum("kafka_connect_worker_healthy", "worker", id) == 1);

        // Its task planning blocks the herder thread for 20 s: Connect answers the check
        // "unhealthy".
        held.worker()
            .admin()
            .create(
                unique("slow-task-planning"),
                TestConnectors.slowTaskConfigsSource(unique("topic"), 20_000));
        PromText unhealthy =
            exporter.awaitScrape(
                "unhealthy while its herder is blocked",
                WAIT,
                t ->
                    t.sum("kafka_connect_worker_health_status", "worker", id, "status", "unhealthy")
                        == 1);
        assertEquals(0.0, unhealthy.value("kafka_connect_worker_healthy", "worker", id));
      }
    }
  }
}
