package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A worker is SIGKILLed while the exporter runs: its Jolokia target goes down with a reason, REST
 * fails over to the other worker, the other worker's metrics stay, and the dead worker's tasks show
 * up RUNNING on the survivor. The worker is started again at the end. Kafka 4.3.1 only: how the
 * exporter copes with a dead worker does not depend on the Kafka version (Connect's own failover is
 * checked on both by WorkerFailoverIT), and the legacy pass must stay short.
 */
class WorkerKilledIT {

  static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void killedWorkerIsDownTheOtherIntactAndTasksMove() throws Exception {
    ConnectCluster cluster = ConnectCluster.shared();
    ConnectorAdmin admin = cluster.admin();
    ConnectWorker victim =
        cluster.worker(0); // first in the exporter's REST list: REST must fail over
    ConnectWorker survivor = cluster.worker(1);
    try (ExporterUnderTest exporter = ExporterUnderTest.start(cluster, "kill")) {
      admin.create("ex-kill", TestConnectors.rateSource("ex-kill", 10, 4));
      admin.awaitTasksRunning("ex-kill", 4, WAIT);
      exporter.awaitScrape(
          "both workers' metrics",
          WAIT,
          t ->
              !t.find("kafka_connect_worker_tasks", "worker", victim.workerId()).isEmpty()
                  && !t.find("kafka_connect_worker_tasks", "worker", survivor.workerId()).isEmpty()
                  && t
                          .find(
                              "kafka_connect_task_state",
                              "connector",
                              "ex-kill",
                              "state",
                              "RUNNING")
                          .stream()
                          .filter(s -> s.value() == 1)
                          .count()
                      == 4);

      victim.kill();

      PromText down =
          exporter.awaitScrape(
              "victim's Jolokia down",
              WAIT,
              t ->
                  t
                      .find(
                          "kafka_connect_exporter_target_up",
                          "source",
                          "jolokia",
                          "worker",
                          victim.workerId())
                      .stream()
                      .anyMatch(s -> s.value() == 0));
      assertTrue(
          down.sum(
                  "kafka_connect_exporter_target_errors_total",
                  "source",
                  "jolokia",
                  "worker",
                  victim.workerId())
              > 0,
          "errors counted with a reason");
      assertFalse(
          down.find("kafka_connect_worker_tasks", "worker", survivor.workerId()).isEmpty(),
          "the survivor's metrics are intact");
      assertEquals(
          1.0,
          down.value(
              "kafka_connect_exporter_target_up",
              "source",
              "jolokia",
              "worker",
              survivor.workerId()));
      assertTrue(
          down.find("kafka_connect_worker_tasks", "worker", victim.workerId()).isEmpty(),
          "no stale data from the dead worker");

      PromText moved =
          exporter.awaitScrape(
              "all tasks RUNNING on the survivor",
              WAIT,
              t ->
                  t
                          .find(
                              "kafka_connect_task_state",
                              "connector",
                              "ex-kill",
                              "state",
                              "RUNNING",
                              "worker",
                              survivor.workerId())
                          .stream()
                          .filter(s -> s.value() == 1)
                          .count()
                      == 4);
      assertEquals(
          1.0,
          moved.value("kafka_connect_exporter_target_up", "source", "rest"),
          "REST failed over to the surviving worker");
      assertEquals(
          survivor.restUrl(),
          moved.find("kafka_connect_exporter_target_up", "source", "rest").get(0).label("target"));
      assertEquals(
          4,
          moved
              .find(
                  "kafka_connect_source_task_records_polled_total",
                  "connector",
                  "ex-kill",
                  "worker",
                  survivor.workerId())
              .size(),
          "JMX of the moved tasks comes from the survivor");
    } finally {
      if (!victim.isAlive()) {
        victim.start();
      }
      admin.deleteQuietly("ex-kill");
    }
  }
}
