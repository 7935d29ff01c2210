package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.dashboards.DashboardQueries;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.DemoScenario;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Prometheus scraping the exporter, which polls the real cluster; the shipped rules evaluated
 * by Prometheus; a real Alertmanager delivering to a webhook run by the test.
 */
class PrometheusEndToEndIT {

  static final Duration WAIT = Duration.ofMinutes(4);
  static ConnectCluster cluster;
  static ConnectorAdmin admin;
  static ExporterUnderTest exporter;
  static WebhookReceiver webhook;
  static ExternalServer alertmanager;
  static ExternalServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    Promtool.binary("prometheus"); // fails under CI=true when absent, skips loudly elsewhere
    Promtool.binary("prometheus-alertmanager");
    cluster = ConnectCluster.shared();
    admin = cluster.admin();
    exporter = ExporterUnderTest.start(cluster, "e2e");
    Path dir = Files.createDirectories(Path.of("target", "e2e-" + System.currentTimeMillis()));
    webhook = new WebhookReceiver();
    alertmanager = ExternalServer.alertmanager(dir, webhook.url());
    prometheus = ExternalServer.prometheus(dir, Integer.parseInt(exporter.baseUrl().replaceAll(".*:", "")),
        alertmanager.port(), List.of(Path.of("alerts/kafka-connect.rules.yml")));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, alertmanager, webhook, exporter}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
    if (admin != null) {
      admin.deleteQuietly("e2e-source");
      admin.deleteQuietly("e2e-failing-sink");
      DemoScenario.remove(admin);
    }
  }

  @Test
  void aFailedTaskPagesThroughAlertmanagerWithConnectorAndTask() throws Exception {
    admin.create("e2e-source", TestConnectors.rateSource("e2e", 20, 1));
    admin.create("e2e-failing-sink", TestConnectors.failingSink("e2e", 1, 5));
    admin.awaitTaskState("e2e-failing-sink", 0, "FAILED", Duration.ofSeconds(90));
    String worker = ConnectorAdmin.task(admin.status("e2e-failing-sink"), 0).path("worker_id").asText();

    JsonNode firing = await("Prometheus fires KafkaConnectTaskFailed", () -> {
      for (JsonNode a : prometheus.getJson("/api/v1/alerts").path("data").path("alerts")) {
        if ("KafkaConnectTaskFailed".equals(a.path("labels").path("alertname").asText())
            && "e2e-failing-sink".equals(a.path("labels").path("connector").asText())
            && "firing".equals(a.path("state").asText())) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    });
    assertEquals("0", firing.path("labels").path("task").asText());
    assertEquals(worker, firing.path("labels").path("worker").asText());
    assertEquals("org.apache.kafka.connect.errors.ConnectException", firing.path("labels").path("exception").asText());

    JsonNode delivered = await("Alertmanager delivers it to the webhook", () -> webhook.alerts().stream()
        .filter(a -> "KafkaConnectTaskFailed".equals(a.path("labels").path("alertname").asText())
            && "e2e-failing-sink".equals(a.path("labels").path("connector").asText()))
        .findFirst());
    assertEquals("firing", delivered.path("status").asText());
    assertEquals("0", delivered.path("labels").path("task").asText());
    assertEquals("critical", delivered.path("labels").path("severity").asText());
    assertEquals("e2e", delivered.path("labels").path("cluster").asText());
    assertTrue(delivered.path("annotations").path("summary").asText().startsWith("Task e2e-failing-sink/0 is FAILED"));
  }

  /**
   * Every query of every dashboard panel, with its variables filled in, runs against the real
   * Prometheus without error, and returns series unless the panel is listed as empty when healthy.
   * The demo scenario gives the panels data (traffic, lag, DLQ, failed tasks).
   */
  @Test
  void everyDashboardQueryRunsAndReturnsData() throws Exception {
    DemoScenario.apply(admin);
    // Rates need two scrapes inside the window; lag and errors need a little traffic.
    await("demo connectors scraped", () -> {
      JsonNode r = prometheus.query("sum(kafka_connect_task_dlq_produce_requests_total) > 0 "
          + "and on() sum(kafka_connect_sink_task_partition_records_lag) > 0");
      return r.path("data").path("result").size() > 0 ? Optional.of(r) : Optional.empty();
    });
    Thread.sleep(5000);
    Map<String, String> vars = DashboardQueries.defaultVariables();
    List<String> errors = new java.util.ArrayList<>();
    List<String> empty = new java.util.ArrayList<>();
    int withData = 0;
    List<DashboardQueries.DashboardQuery> queries = DashboardQueries.all();
    for (DashboardQueries.DashboardQuery q : queries) {
      JsonNode answer = prometheus.query(q.expr(vars));
      String where = q.dashboardUid() + " / " + q.panelTitle() + " / " + q.refId();
      if (!"success".equals(answer.path("status").asText())) {
        errors.add(where + ": " + answer.path("error").asText());
      } else if (answer.path("data").path("result").isEmpty()) {
        if (!DashboardQueries.emptyWhenHealthy(q)) {
          empty.add(where + ": " + q.expr(vars));
        }
      } else {
        withData++;
      }
    }
    System.out.println("dashboard queries: " + queries.size() + " run, " + withData + " returned series");
    assertEquals(List.of(), errors, "queries Prometheus rejected");
    assertEquals(List.of(), empty, "queries without data that are not listed as empty when healthy");
  }

  interface Check<T> {
    Optional<T> get() throws Exception;
  }

  static <T> T await(String what, Check<T> check) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      Optional<T> v = check.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("timed out after " + WAIT + ": " + what + "\nprometheus log:\n" + prometheus.log()
        + "\nalertmanager log:\n" + alertmanager.log());
  }
}
