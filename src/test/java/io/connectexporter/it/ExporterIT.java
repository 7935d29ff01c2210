package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The exporter against the real shared cluster, read through /metrics as Prometheus would. Each
 * test uses its own connectors (prefix "ex-") and deletes them.
 */
@Tag("both-kafka-versions")
class ExporterIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static ConnectCluster cluster;
  static ConnectorAdmin admin;
  static ExporterUnderTest exporter;

  @BeforeAll
  static void start() throws Exception {
    cluster = ConnectCluster.shared();
    admin = cluster.admin();
    exporter = ExporterUnderTest.start(cluster, "it");
  }

  @AfterAll
  static void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private static String restWorkerOfTask(String connector, int task) {
    return ConnectorAdmin.task(admin.status(connector), task).path("worker_id").asText();
  }

  @Test
  void everyStateIsOnMetricsWithTheWorkerRestReports() {
    List<String> names =
        List.of(
            "ex-running",
            "ex-paused",
            "ex-stopped",
            "ex-failed-connector",
            "ex-failed-task",
            "ex-failed-start",
            "ex-failed-construct");
    try {
      admin.create("ex-running", TestConnectors.rateSource("ex-states", 5, 1));
      admin.create("ex-paused", TestConnectors.rateSource("ex-states", 5, 1));
      admin.create("ex-stopped", TestConnectors.rateSource("ex-states", 5, 1));
      admin.create("ex-failed-connector", TestConnectors.failingConnector());
      admin.create("ex-failed-task", TestConnectors.failingSink("ex-states", 1, 3));
      admin.create("ex-failed-start", TestConnectors.startFailingSource(1));
      admin.create("ex-failed-construct", TestConnectors.constructorFailingSource(1));
      admin.awaitTasksRunning("ex-paused", 1, WAIT);
      admin.pause("ex-paused");
      admin.awaitTasksRunning("ex-stopped", 1, WAIT);
      admin.stop("ex-stopped");
      admin.awaitConnectorState("ex-paused", "PAUSED", WAIT);
      admin.awaitConnectorState("ex-stopped", "STOPPED", WAIT);
      admin.awaitConnectorState("ex-failed-connector", "FAILED", WAIT);
      admin.awaitTaskState("ex-failed-task", 0, "FAILED", WAIT);
      admin.awaitTaskState("ex-failed-start", 0, "FAILED", WAIT);
      admin.awaitTaskState("ex-failed-construct", 0, "FAILED", WAIT);
      admin.awaitTasksRunning("ex-running", 1, WAIT);

      PromText m =
          exporter.awaitScrape(
              "all six connectors in their states",
              WAIT,
              t ->
                  state(t, "ex-running", "RUNNING")
                      && state(t, "ex-paused", "PAUSED")
                      && state(t, "ex-stopped", "STOPPED")
                      && state(t, "ex-failed-connector", "FAILED")
                      && t
                          .find(
                              "kafka_connect_task_state",
                              "connector",
                              "ex-failed-task",
                              "state",
                              "FAILED")
                          .stream()
                          .anyMatch(s -> s.value() == 1)
                      && t
                          .find(
                              "kafka_connect_task_state",
                              "connector",
                              "ex-failed-start",
                              "state",
                              "FAILED")
                          .stream()
                          .anyMatch(s -> s.value() == 1)
                      && t
                          .find(
                              "kafka_connect_task_state",
                              "connector",
                              "ex-failed-construct",
                              "state",
                              "FAILED")
                          .stream()
                          .anyMatch(s -> s.value() == 1)
                      // Connect reports STOPPED a moment before it drops the stopped tasks
                      && t.find("kafka_connect_task_state", "connector", "ex-stopped").isEmpty());

      for (String name : names) {
        assertEquals(
            1.0,
            m.sum("kafka_connect_connector_state", "cluster", "it", "connector", name),
            "exactly one state is 1 for " + name);
        String worker = admin.status(name).path("connector").path("worker_id").asText();
        assertEquals(
            6,
            m.find("kafka_connect_connector_state", "connector", name, "worker", worker).size(),
            name);
      }
      assertEquals(
          0,
          m.find("kafka_connect_task_state", "connector", "ex-stopped").size(),
          "STOPPED has no tasks");
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_connector_failure_info",
              "connector",
              "ex-failed-connector",
              "exception",
              "org.apache.kafka.connect.errors.ConnectException"));
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_task_failure_info",
              "connector",
              "ex-failed-task",
              "task",
              "0",
              "worker",
              restWorkerOfTask("ex-failed-task", 0)));
      assertEquals(
          1.0,
          m.value("kafka_connect_task_failure_info", "connector", "ex-failed-start", "task", "0"));
      // A task whose class cannot be instantiated never gets an MBean: only REST knows it FAILED.
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_task_failure_info", "connector", "ex-failed-construct", "task", "0"));
      assertTrue(
          m.samples().stream()
              .filter(s -> "ex-failed-construct".equals(s.label("connector")))
              .allMatch(
                  s ->
                      s.name().startsWith("kafka_connect_task_state")
                          || s.name().startsWith("kafka_connect_task_failure")
                          || s.name().startsWith("kafka_connect_connector_")
                          || s.name().startsWith("kafka_connect_worker_connector")),
          "no task JMX series for a task that was never instantiated");
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_task_state",
              "connector",
              "ex-running",
              "task",
              "0",
              "state",
              "RUNNING",
              "worker",
              restWorkerOfTask("ex-running", 0)));
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_connector_info",
              "connector",
              "ex-running",
              "type",
              "source",
              "class",
              TestConnectors.RATE_SOURCE,
              "version",
              TestConnectors.VERSION));
      assertEquals(1.0, m.value("kafka_connect_connector_tasks_max", "connector", "ex-running"));
      assertFalse(m.text().contains("refuses"), "exception messages never reach /metrics");
    } finally {
      names.forEach(admin::deleteQuietly);
    }
  }

  @Test
  void countersIncreaseWithTrafficOnTheOwningWorker() {
    try {
      admin.create("ex-traffic", TestConnectors.rateSource("ex-traffic", 50, 2));
      admin.create("ex-traffic-sink", TestConnectors.sink("ex-traffic", 1));
      admin.awaitTasksRunning("ex-traffic", 2, WAIT);
      admin.awaitTasksRunning("ex-traffic-sink", 1, WAIT);
      PromText first =
          exporter.awaitScrape(
              "records polled",
              WAIT,
              t ->
                  t.sum("kafka_connect_source_task_records_polled_total", "connector", "ex-traffic")
                          > 0
                      && t.sum(
                              "kafka_connect_sink_task_records_read_total",
                              "connector",
                              "ex-traffic-sink")
                          > 0);
      double polled =
          first.sum("kafka_connect_source_task_records_polled_total", "connector", "ex-traffic");
      double read =
          first.sum("kafka_connect_sink_task_records_read_total", "connector", "ex-traffic-sink");
      PromText later =
          exporter.awaitScrape(
              "counters grow",
              WAIT,
              t ->
                  t.sum("kafka_connect_source_task_records_polled_total", "connector", "ex-traffic")
                          > polled
                      && t.sum(
                              "kafka_connect_sink_task_records_read_total",
                              "connector",
                              "ex-traffic-sink")
                          > read);
      for (int task = 0; task < 2; task++) {
        List<PromText.Sample> series =
            later.find(
                "kafka_connect_source_task_records_polled_total",
                "connector",
                "ex-traffic",
                "task",
                Integer.toString(task));
        assertEquals(1, series.size(), "one series per task");
        assertEquals(restWorkerOfTask("ex-traffic", task), series.get(0).label("worker"));
      }
      assertTrue(
          later.text().contains("# TYPE kafka_connect_source_task_records_polled_total counter"));
    } finally {
      admin.deleteQuietly("ex-traffic");
      admin.deleteQuietly("ex-traffic-sink");
    }
  }

  @Test
  void everyWorkerIsScrapedAndLabelled() {
    PromText m =
        exporter.awaitScrape(
            "both workers up",
            WAIT,
            t ->
                cluster.workers().stream()
                    .allMatch(
                        w ->
                            t
                                .find(
                                    "kafka_connect_exporter_target_up",
                                    "source",
                                    "jolokia",
                                    "worker",
                                    w.workerId())
                                .stream()
                                .anyMatch(s -> s.value() == 1)));
    for (ConnectWorker w : cluster.workers()) {
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_worker_info",
              "cluster",
              "it",
              "worker",
              w.workerId(),
              "version",
              cluster.kafkaVersion()));
      assertFalse(
          m.find("kafka_connect_coordinator_assigned_tasks", "worker", w.workerId()).isEmpty());
      assertFalse(
          m.find("kafka_connect_worker_rebalances_completed_total", "worker", w.workerId())
              .isEmpty());
    }
    assertEquals(1.0, m.value("kafka_connect_exporter_target_up", "source", "rest"));
    assertEquals(
        1.0,
        m.value("kafka_connect_cluster_info", "cluster", "it", "version", cluster.kafkaVersion()));
  }

  @Test
  void slowSinkLagIsPositive() {
    try {
      admin.create("ex-lag-source", TestConnectors.rateSource("ex-lag", 100, 1));
      admin.create("ex-slow-sink", TestConnectors.slowSink("ex-lag", 1, 1000, 5));
      admin.awaitTasksRunning("ex-slow-sink", 1, WAIT);
      PromText m =
          exporter.awaitScrape(
              "lag of the slow sink",
              WAIT,
              t ->
                  t.sum(
                          "kafka_connect_sink_task_partition_records_lag",
                          "connector",
                          "ex-slow-sink")
                      > 0);
      List<PromText.Sample> lag =
          m.find("kafka_connect_sink_task_partition_records_lag", "connector", "ex-slow-sink");
      assertEquals("ex-lag", lag.get(0).label("topic"));
      assertEquals(restWorkerOfTask("ex-slow-sink", 0), lag.get(0).label("worker"));
    } finally {
      admin.deleteQuietly("ex-lag-source");
      admin.deleteQuietly("ex-slow-sink");
    }
  }

  @Test
  void deletedConnectorsSeriesAreGoneAfterTheNextPoll() {
    admin.create("ex-doomed", TestConnectors.rateSource("ex-doomed", 5, 1));
    admin.awaitTasksRunning("ex-doomed", 1, WAIT);
    exporter.awaitScrape(
        "doomed connector's task metrics",
        WAIT,
        t ->
            !t.find("kafka_connect_source_task_records_polled_total", "connector", "ex-doomed")
                .isEmpty());
    admin.delete("ex-doomed");
    admin.awaitDeleted("ex-doomed");
    PromText m =
        exporter.awaitScrape(
            "no series of the deleted connector",
            WAIT,
            t -> t.samples().stream().noneMatch(s -> "ex-doomed".equals(s.label("connector"))));
    assertTrue(m.samples().stream().noneMatch(s -> "ex-doomed".equals(s.label("connector"))));
  }

  @Test
  void httpEndpointsNegotiateFormatAndCompression() throws Exception {
    exporter.awaitScrape(
        "first poll", WAIT, t -> !t.find("kafka_connect_exporter_polls_total").isEmpty());
    assertEquals(200, exporter.get("/-/healthy").statusCode());
    assertEquals(200, exporter.get("/-/ready").statusCode());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> om =
        http.send(
            HttpRequest.newBuilder(URI.create(exporter.baseUrl() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(
        om.headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/openmetrics-text"));
    assertTrue(om.body().strip().endsWith("# EOF"));
    assertTrue(om.body().contains("# TYPE kafka_connect_exporter_target_up gauge"));
    HttpResponse<byte[]> gz =
        http.send(
            HttpRequest.newBuilder(URI.create(exporter.baseUrl() + "/metrics"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
    String unzipped =
        new String(new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes());
    assertTrue(unzipped.contains("kafka_connect_exporter_build_info"));
  }

  @Test
  void promtoolFindsNothingToComplainAbout() throws Exception {
    PromText m =
        exporter.awaitScrape(
            "data from both workers", WAIT, t -> !t.find("kafka_connect_worker_tasks").isEmpty());
    Promtool.assertCheckMetricsClean(m.text());
  }

  private static boolean state(PromText t, String connector, String state) {
    return t.find("kafka_connect_connector_state", "connector", connector, "state", state).stream()
        .anyMatch(s -> s.value() == 1);
  }

  static JsonNode status(String name) {
    return admin.status(name);
  }
}
