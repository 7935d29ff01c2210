package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
