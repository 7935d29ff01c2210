package io.connectexporter.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.it.ExternalServer;
import io.connectexporter.it.Promtool;
import io.connectexporter.it.WebhookReceiver;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code alerts/alertmanager.example.yml} in a real Alertmanager, fed alerts through
 * its API as Prometheus would send them: each inhibition rule silences what it should and nothing
 * else, and an outage of a cluster is one notification. (The end-to-end test shows the task rule
 * with alerts fired by a real Prometheus from a real cluster.)
 */
class AlertmanagerInhibitionIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static WebhookReceiver webhook;
  static ExternalServer alertmanager;

  @BeforeAll
  static void start() throws Exception {
    Promtool.binary(
        "prometheus-alertmanager"); // fails under CI=true when absent, skips loudly elsewhere
    Path dir =
        Files.createDirectories(
            Path.of("target", "alertmanager-inhibition-" + System.currentTimeMillis()));
    webhook = new WebhookReceiver();
    alertmanager =
        ExternalServer.alertmanager(
            dir, ShippedAlertmanagerConfig.writeFor(dir, webhook.url(), Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void aFailedConnectorSilencesItsTaskAlertsButNotAnotherConnectors() throws Exception {
    post(
        alert("KafkaConnectConnectorFailed", "critical", "c1", "jdbc-sink"),
        alert("KafkaConnectTaskFailed", "critical", "c1", "jdbc-sink", "task", "0"),
        alert("KafkaConnectConnectorThroughputLow", "warning", "c1", "jdbc-sink"),
        alert("KafkaConnectTaskFailed", "critical", "c1", "other-sink", "task", "0"));
    Map<String, String> states = awaitStates("c1", 4);
    assertEquals(
        Map.of(
            "KafkaConnectConnectorFailed/jdbc-sink", "active",
            "KafkaConnectTaskFailed/jdbc-sink", "suppressed",
            "KafkaConnectConnectorThroughputLow/jdbc-sink", "suppressed",
            "KafkaConnectTaskFailed/other-sink", "active"),
        states);
  }

  @Test
  void aFailedTaskSilencesTasksBelowMaxStallLagAndThroughputOfItsConnector() throws Exception {
    post(
        alert("KafkaConnectTaskFailed", "critical", "c2", "orders-sink", "task", "1"),
        alert("KafkaConnectConnectorTasksBelowMax", "warning", "c2", "orders-sink"),
        alert("KafkaConnectSinkLagHigh", "warning", "c2", "orders-sink", "task", "0"),
        alert("KafkaConnectConnectorThroughputLow", "warning", "c2", "orders-sink"),
        alert("KafkaConnectRecordErrors", "warning", "c2", "orders-sink", "task", "0"),
        alert("KafkaConnectConnectorTasksBelowMax", "warning", "c2", "orders-source"));
    Map<String, String> states = awaitStates("c2", 6);
    assertEquals(
        Map.of(
            "KafkaConnectTaskFailed/orders-sink", "active",
            "KafkaConnectConnectorTasksBelowMax/orders-sink", "suppressed",
            "KafkaConnectSinkLagHigh/orders-sink", "suppressed",
            "KafkaConnectConnectorThroughputLow/orders-sink", "suppressed",
            // record errors are a separate cause (they come before the failure): not inhibited, but
            // in the same group
            "KafkaConnectRecordErrors/orders-sink", "active",
            "KafkaConnectConnectorTasksBelowMax/orders-source", "active"),
        states);
  }

  /**
   * Auto-restart gave up: the same task's or connector's FAILED alert is silenced, another task's
   * is not.
   */
  @Test
  void aGiveUpOfAutoRestartSilencesTheFailedAlertItRepeats() throws Exception {
    post(
        alert("KafkaConnectAutoRestartGaveUp", "critical", "c5", "orders-sink", "task", "0"),
        alert("KafkaConnectTaskFailed", "critical", "c5", "orders-sink", "task", "0"),
        alert("KafkaConnectTaskFailed", "critical", "c5", "other-sink", "task", "0"),
        alert("KafkaConnectAutoRestartGaveUp", "critical", "c5", "broken"),
        alert("KafkaConnectConnectorFailed", "critical", "c5", "broken"));
    assertEquals(
        Map.of(
            "KafkaConnectAutoRestartGaveUp/orders-sink", "active",
            "KafkaConnectTaskFailed/orders-sink", "suppressed",
            "KafkaConnectTaskFailed/other-sink", "active",
            "KafkaConnectAutoRestartGaveUp/broken", "active",
            "KafkaConnectConnectorFailed/broken", "suppressed"),
        awaitStates("c5", 5));
  }

  /**
   * An outage of a cluster as Prometheus fires it (workers unreachable): REST down, Jolokia down
   * for each worker, a worker's health check waiting, the snapshot stale and the connector and task
   * alerts of the last known states. One notification in total, the REST-down page; another cluster
   * is not silenced.
   */
  @Test
  void anOutageOfAClusterIsOnePage() throws Exception {
    post(
        alert("KafkaConnectExporterRestDown", "critical", "c3", null, "source", "rest"),
        alert("KafkaConnectExporterJolokiaDown", "warning", "c3", null, "worker", "w1:8083"),
        alert("KafkaConnectExporterJolokiaDown", "warning", "c3", null, "worker", "w2:8083"),
        alert("KafkaConnectWorkerUnhealthy", "warning", "c3", null, "worker", "w1:8083"),
        alert("KafkaConnectExporterSnapshotStale", "warning", "c3", null),
        alert("KafkaConnectConnectorFailed", "critical", "c3", "a"),
        alert("KafkaConnectTaskFailed", "critical", "c3", "b", "task", "0"),
        alert("KafkaConnectTaskUnassigned", "warning", "c3", "b", "task", "1"),
        alert("KafkaConnectSourceStalled", "warning", "c3", "c", "task", "0"),
        alert("KafkaConnectConnectorThroughputLow", "warning", "c3", "d"),
        alert("KafkaConnectTaskFailed", "critical", "c4", "b", "task", "0"));
    Map<String, String> states = awaitStates("c3", 10);
    Map<String, String> expected = new TreeMap<>();
    expected.put("KafkaConnectExporterRestDown/", "active");
    for (String target :
        List.of(
            "KafkaConnectExporterJolokiaDown/@w1:8083",
            "KafkaConnectExporterJolokiaDown/@w2:8083",
            "KafkaConnectWorkerUnhealthy/@w1:8083",
            "KafkaConnectExporterSnapshotStale/",
            "KafkaConnectConnectorFailed/a",
            "KafkaConnectTaskFailed/b",
            "KafkaConnectTaskUnassigned/b",
            "KafkaConnectSourceStalled/c",
            "KafkaConnectConnectorThroughputLow/d")) {
      expected.put(target, "suppressed");
    }
    assertEquals(expected, new TreeMap<>(states));
    assertEquals(
        Map.of("KafkaConnectTaskFailed/b", "active"),
        awaitStates("c4", 1),
        "another cluster is not silenced");

    List<JsonNode> notifications = awaitNotificationsOf("c3");
    assertEquals(
        1, notifications.size(), "one notification in total for the outage: " + notifications);
    assertEquals("kafka-connect-pager", notifications.get(0).path("receiver").asText());
    assertEquals(Set.of("KafkaConnectExporterRestDown"), alertnames(notifications.get(0)));
  }

  /**
   * A single worker's Jolokia unreachable while the cluster's REST API answers: delivered, to chat
   * (another cluster's REST outage does not silence it).
   */
  @Test
  void aWorkersJolokiaDownAloneIsStillDelivered() throws Exception {
    post(
        alert("KafkaConnectExporterJolokiaDown", "warning", "c6", null, "worker", "w2:8083"),
        alert("KafkaConnectExporterRestDown", "critical", "c7", null, "source", "rest"),
        alert("KafkaConnectExporterJolokiaDown", "warning", "c7", null, "worker", "w1:8083"));
    assertEquals(
        Map.of("KafkaConnectExporterJolokiaDown/@w2:8083", "active"), awaitStates("c6", 1));
    assertEquals(
        Map.of(
            "KafkaConnectExporterRestDown/", "active",
            "KafkaConnectExporterJolokiaDown/@w1:8083", "suppressed"),
        awaitStates("c7", 2));
    List<JsonNode> notifications = awaitNotificationsOf("c6");
    assertEquals(1, notifications.size(), notifications.toString());
    assertEquals("kafka-connect-chat", notifications.get(0).path("receiver").asText());
    assertEquals(Set.of("KafkaConnectExporterJolokiaDown"), alertnames(notifications.get(0)));
  }

  // ------------------------------------------------------------------------------ helpers

  static ObjectNode alert(
      String name, String severity, String cluster, String connector, String... more) {
    ObjectNode a = JSON.createObjectNode();
    ObjectNode labels =
        a.putObject("labels")
            .put("alertname", name)
            .put("severity", severity)
            .put("cluster", cluster);
    if (connector != null) {
      labels.put("connector", connector);
    }
    for (int i = 0; i < more.length; i += 2) {
      labels.put(more[i], more[i + 1]);
    }
    a.putObject("annotations").put("summary", name);
    a.put("startsAt", Instant.now().toString());
    return a;
  }

  static void post(ObjectNode... alerts) throws Exception {
    ArrayNode body = JSON.createArrayNode();
    for (ObjectNode a : alerts) {
      body.add(a);
    }
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(alertmanager.url() + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  /**
   * alertname/connector (plus @worker for worker alerts) to state (active, suppressed) of the
   * cluster's alerts, once there are {@code count} of them and no inhibition is still being worked
   * out (Alertmanager marks alerts when it evaluates them, within a second).
   */
  static Map<String, String> awaitStates(String cluster, int count) throws Exception {
    Map<String, String> states = states(cluster);
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end
        && (states.size() != count || states.containsValue("unprocessed"))) {
      Thread.sleep(200);
      states = states(cluster);
    }
    assertEquals(
        count, states.size(), "alerts of cluster " + cluster + " in Alertmanager: " + states);
    Thread.sleep(
        2500); // past the group wait: the notification pipeline has evaluated the inhibitions too
    return states(cluster);
  }

  private static Map<String, String> states(String cluster) throws Exception {
    Map<String, String> states = new TreeMap<>();
    String filter = URLEncoder.encode("cluster=\"" + cluster + "\"", StandardCharsets.UTF_8);
    for (JsonNode a : alertmanager.getJson("/api/v2/alerts?filter=" + filter)) {
      JsonNode labels = a.path("labels");
      String worker = labels.path("worker").asText();
      states.put(
          labels.path("alertname").asText()
              + "/"
              + labels.path("connector").asText()
              + (worker.isEmpty() ? "" : "@" + worker),
          a.path("status").path("state").asText());
    }
    return states;
  }

  /**
   * The cluster's notifications, once the first has come and two more group waits have passed (time
   * for any other group of the cluster to be sent).
   */
  static List<JsonNode> awaitNotificationsOf(String cluster) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < end && notificationsOf(cluster).isEmpty()) {
      Thread.sleep(200);
    }
    Thread.sleep(4000);
    return notificationsOf(cluster);
  }

  static Set<String> alertnames(JsonNode notification) {
    Set<String> names = new TreeSet<>();
    notification
        .path("alerts")
        .forEach(a -> names.add(a.path("labels").path("alertname").asText()));
    return names;
  }

  static List<JsonNode> notificationsOf(String cluster) {
    return webhook.notifications().stream()
        .filter(n -> cluster.equals(n.path("groupLabels").path("cluster").asText()))
        .toList();
  }
}
