package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.alerts.ShippedAlertmanagerConfig;
import io.connectexporter.dashboards.DashboardQueries;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.DemoScenario;
import io.connectexporter.testcluster.MirrorScenario;
import io.connectexporter.testcluster.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real Prometheus scraping the exporter, which polls the real cluster; the shipped rules evaluated
 * by Prometheus; a real Alertmanager, loaded with the shipped {@code
 * alerts/alertmanager.example.yml}, delivering to a webhook run by the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndIT {

  static final Duration WAIT = Duration.ofMinutes(4);
  static final String CLUSTER = "e2e";
  static final String FAILING_SINK = "e2e-failing-sink";

  /**
   * Group wait of the test's Alertmanager (the shipped 30 s, shortened; routes, grouping and
   * inhibition unchanged).
   */
  static final Duration GROUP_WAIT = Duration.ofSeconds(5);

  /**
   * Kafka's windowed avg/max (rebalance time, coordinator latency, join/sync time) have a value
   * only for metrics.sample.window.ms x metrics.num.samples after the last rebalance: 30 s x 2 by
   * default. The shared cluster keeps the defaults, so the steady-state check waits a little over a
   * minute.
   */
  static final Duration KAFKA_SAMPLE_WINDOW = Duration.ofSeconds(60);

  static ConnectCluster cluster;
  static ConnectorAdmin admin;
  static ExporterUnderTest exporter;
  static WebhookReceiver webhook;
  static ExternalServer alertmanager;
  static ExternalServer prometheus;
  static MirrorScenario mirror;

  @BeforeAll
  static void start() throws Exception {
    Promtool.binary("prometheus"); // fails under CI=true when absent, skips loudly elsewhere
    Promtool.binary("prometheus-alertmanager");
    cluster = ConnectCluster.shared();
    admin = cluster.admin();
    // Every source, MirrorMaker 2's too, so that every dashboard has its data.
    exporter =
        ExporterUnderTest.start(
            ExporterUnderTest.config(cluster, CLUSTER, "1s")
                .replace(
                    "name = \"" + CLUSTER + "\",",
                    "name = \"" + CLUSTER + "\", sources = [rest, jolokia, health, mirror],"));
    Path dir = Files.createDirectories(Path.of("target", "e2e-" + System.currentTimeMillis()));
    webhook = new WebhookReceiver();
    alertmanager =
        ExternalServer.alertmanager(
            dir, ShippedAlertmanagerConfig.writeFor(dir, webhook.url(), GROUP_WAIT));
    prometheus =
        ExternalServer.prometheus(
            dir,
            Integer.parseInt(exporter.baseUrl().replaceAll(".*:", "")),
            alertmanager.port(),
            List.of(shippedRulesInSeconds(dir)));
  }

  /**
   * The shipped rules with every {@code for} read in seconds instead of minutes: alerts fire within
   * the test, in the same order as in production (a task's FAILED alert, 1 m, before its
   * connector's tasks-below-max, 15 m: that order is what lets Alertmanager inhibit the second).
   */
  static Path shippedRulesInSeconds(Path dir) throws Exception {
    String shipped = Files.readString(Path.of("alerts/kafka-connect.rules.yml"));
    String rules = shipped.replaceAll("(?m)^(\\s+for: )(\\d+)m$", "$1$2s");
    assertTrue(
        rules.contains("for: 15s") && !rules.matches("(?s).*for: \\d+m.*"), "every for in seconds");
    Path file = dir.resolve("kafka-connect.rules.yml");
    Files.writeString(file, rules);
    return file;
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
      admin.deleteQuietly(FAILING_SINK);
      DemoScenario.remove(admin);
      if (mirror != null) {
        mirror.remove(admin);
      }
    }
  }

  /**
   * One failed task: Prometheus fires KafkaConnectTaskFailed and, later,
   * KafkaConnectConnectorTasksBelowMax for its connector; Alertmanager inhibits the second and
   * delivers exactly one notification for the connector, to the pager, with the task, worker,
   * exception and working links.
   */
  @Test
  @Order(1)
  void aFailedTaskIsOnePageThroughTheShippedAlertmanagerConfig() throws Exception {
    admin.create("e2e-source", TestConnectors.rateSource("e2e", 20, 1));
    admin.create(FAILING_SINK, TestConnectors.failingSink("e2e", 1, 5));
    admin.awaitTaskState(FAILING_SINK, 0, "FAILED", Duration.ofSeconds(90));
    String worker = ConnectorAdmin.task(admin.status(FAILING_SINK), 0).path("worker_id").asText();

    JsonNode firing = awaitFiring("KafkaConnectTaskFailed");
    assertEquals("0", firing.path("labels").path("task").asText());
    assertEquals(worker, firing.path("labels").path("worker").asText());
    assertEquals(
        "org.apache.kafka.connect.errors.ConnectException",
        firing.path("labels").path("exception").asText());
    awaitFiring("KafkaConnectConnectorTasksBelowMax");

    JsonNode suppressed =
        await(
            "Alertmanager inhibits tasks-below-max with the failed task",
            () -> {
              for (JsonNode a : alertmanager.getJson("/api/v2/alerts")) {
                if ("KafkaConnectConnectorTasksBelowMax"
                        .equals(a.path("labels").path("alertname").asText())
                    && FAILING_SINK.equals(a.path("labels").path("connector").asText())
                    && "suppressed".equals(a.path("status").path("state").asText())) {
                  return Optional.of(a);
                }
              }
              return Optional.empty();
            });
    assertEquals(1, suppressed.path("status").path("inhibitedBy").size(), suppressed.toString());

    JsonNode page =
        await(
            "Alertmanager delivers the connector's notification",
            () -> connectorNotifications().stream().findFirst());
    // Had the inhibition failed, tasks-below-max would go to the chat receiver after one more group
    // wait.
    Thread.sleep(GROUP_WAIT.multipliedBy(3).toMillis());
    List<JsonNode> notifications = connectorNotifications();
    assertEquals(1, notifications.size(), "one failure, one notification: " + notifications);
    assertEquals("kafka-connect-pager", page.path("receiver").asText());
    assertEquals(
        Map.of("cluster", CLUSTER, "connector", FAILING_SINK),
        Map.of(
            "cluster",
            page.path("groupLabels").path("cluster").asText(),
            "connector",
            page.path("groupLabels").path("connector").asText()));
    assertEquals(
        2,
        page.path("groupLabels").size(),
        "grouped by cluster and connector only: " + page.path("groupLabels"));
    assertEquals(1, page.path("alerts").size(), page.toString());
    JsonNode delivered = page.path("alerts").get(0);
    assertEquals("KafkaConnectTaskFailed", delivered.path("labels").path("alertname").asText());
    assertEquals("firing", delivered.path("status").asText());
    assertEquals("0", delivered.path("labels").path("task").asText());
    assertEquals("critical", delivered.path("labels").path("severity").asText());
    assertTrue(
        delivered
            .path("annotations")
            .path("summary")
            .asText()
            .startsWith("Task e2e-failing-sink/0 is FAILED"));
    assertEquals(
        "https://git.example.com/kafka-connect-exporter/blob/main/alerts/README.md#kafkaconnecttaskfailed",
        delivered.path("annotations").path("runbook_url").asText());
    assertEquals(
        "https://grafana.example.com/d/kafka-connect-connector?var-cluster=e2e&var-connector=e2e-failing-sink",
        delivered.path("annotations").path("dashboard_url").asText());
  }

  /**
   * Notifications whose group is the failing sink's connector (other connectors' groups are
   * ignored).
   */
  static List<JsonNode> connectorNotifications() {
    return webhook.notifications().stream()
        .filter(n -> FAILING_SINK.equals(n.path("groupLabels").path("connector").asText()))
        .toList();
  }

  static JsonNode awaitFiring(String alertname) throws Exception {
    return await(
        "Prometheus fires " + alertname + " for " + FAILING_SINK,
        () -> {
          for (JsonNode a : prometheus.getJson("/api/v1/alerts").path("data").path("alerts")) {
            if (alertname.equals(a.path("labels").path("alertname").asText())
                && FAILING_SINK.equals(a.path("labels").path("connector").asText())
                && "firing".equals(a.path("state").asText())) {
              return Optional.of(a);
            }
          }
          return Optional.empty();
        });
  }

  /**
   * Every query of every dashboard panel, with its variables filled in, runs against the real
   * Prometheus without error, and returns series unless the panel is listed as empty when healthy.
   * The demo scenario gives the panels data (traffic, lag, DLQ, failed tasks).
   */
  @Test
  @Order(2)
  void everyDashboardQueryRunsAndReturnsData() throws Exception {
    DemoScenario.apply(admin);
    mirror = MirrorScenario.named("e2e-mm2");
    mirror.apply(cluster, WAIT);
    // Rates need two scrapes inside the window; lag and errors need a little traffic; MirrorMaker 2
    // a replicated record and a checkpoint.
    await(
        "demo connectors scraped",
        () -> {
          JsonNode r =
              prometheus.query(
                  "sum(kafka_connect_task_dlq_produce_requests_total) > 0 "
                      + "and on() sum(kafka_connect_sink_task_partition_records_lag) > 0 "
                      + "and on() sum(rate(kafka_connect_mirror_replicated_records_total[1m])) > 0 "
                      + "and on() count(kafka_connect_mirror_checkpoint_latency_seconds) > 0");
          return r.path("data").path("result").size() > 0 ? Optional.of(r) : Optional.empty();
        });
    Thread.sleep(5000);
    assertEveryPanelQueryHasData("busy cluster");
  }

  /**
   * Every shipped rule evaluates without error in the real Prometheus (an error shows only as the
   * rule's health, never as a failing alert), and the throughput recording rule has the records per
   * second of a real source and a real sink of the demo.
   */
  @Test
  @Order(3)
  void everyShippedRuleEvaluatesCleanlyAndThroughputIsRecordedForARealSourceAndSink()
      throws Exception {
    String recorded = "cluster_connector:kafka_connect_records:rate5m";
    for (String connector : List.of(DemoScenario.ORDERS_SOURCE, DemoScenario.ORDERS_SINK)) {
      JsonNode series =
          await(
              recorded + " for " + connector,
              () -> {
                JsonNode r =
                    prometheus
                        .query(
                            recorded
                                + "{cluster=\""
                                + CLUSTER
                                + "\",connector=\""
                                + connector
                                + "\"} > 0")
                        .path("data")
                        .path("result");
                return r.size() == 1 ? Optional.of(r.get(0)) : Optional.empty();
              });
      System.out.println(recorded + " " + connector + ": " + series.path("value").get(1).asText());
    }
    List<String> rules =
        await(
            "every rule evaluated at least once",
            () -> {
              List<String> all = new java.util.ArrayList<>();
              for (JsonNode group :
                  prometheus.getJson("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                  if ("unknown".equals(rule.path("health").asText())) {
                    return Optional.empty();
                  }
                  all.add(
                      group.path("name").asText()
                          + "/"
                          + rule.path("name").asText()
                          + ": "
                          + rule.path("health").asText()
                          + " "
                          + rule.path("lastError").asText());
                }
              }
              return all.isEmpty() ? Optional.empty() : Optional.of(all);
            });
    long inFile =
        Files.readString(Path.of("alerts/kafka-connect.rules.yml"))
            .lines()
            .filter(l -> l.trim().startsWith("- alert:") || l.trim().startsWith("- record:"))
            .count();
    assertEquals(inFile, rules.size(), "every rule of the file is loaded: " + rules);
    assertEquals(
        List.of(), rules.stream().filter(r -> !r.contains(": ok ")).toList(), "rules in error");
  }

  /**
   * The same check once the cluster has been quiet for longer than Kafka's sample window: no
   * rebalance, and a source that was busy paused. Kafka's windowed averages and maxima of both
   * (rebalance, join and sync times; the source's batch sizes and poll batch times) then have no
   * value (the exporter exports none, checked here), and the panels built on them must still show
   * their last known value, for all connectors and for the paused source alone.
   */
  @Test
  @Order(4)
  void everyDashboardQueryStillReturnsDataOnceTheClusterHasBeenQuietLongerThanKafkasSampleWindow()
      throws Exception {
    String quiet = DemoScenario.ORDERS_SOURCE;
    admin.pause(quiet);
    admin.awaitConnectorState(quiet, "PAUSED", WAIT);
    List<String> windowed =
        List.of(
            "kafka_connect_worker_rebalance_avg_time_seconds",
            "kafka_connect_worker_rebalance_max_time_seconds",
            "kafka_connect_coordinator_rebalance_latency_avg_seconds",
            "kafka_connect_coordinator_join_time_avg_seconds",
            "kafka_connect_coordinator_sync_time_avg_seconds",
            "kafka_connect_task_batch_size_avg{connector=\"" + quiet + "\"}",
            "kafka_connect_source_task_poll_batch_avg_time_seconds{connector=\"" + quiet + "\"}");
    long start = System.nanoTime();
    await(
        "no rebalance and nothing polled by "
            + quiet
            + " for longer than Kafka's sample window ("
            + KAFKA_SAMPLE_WINDOW.toSeconds()
            + " s): their windowed metrics are gone",
        () -> {
          if (prometheus
                  .query("kafka_connect_worker_rebalancing{cluster=\"" + CLUSTER + "\"} == 1")
                  .path("data")
                  .path("result")
                  .size()
              > 0) {
            return Optional.empty();
          }
          for (String metric : windowed) {
            String selector =
                metric.contains("{")
                    ? metric.replace("{", "{cluster=\"" + CLUSTER + "\",")
                    : metric + "{cluster=\"" + CLUSTER + "\"}";
            if (prometheus.query(selector).path("data").path("result").size() > 0) {
              return Optional.empty();
            }
          }
          return Optional.of(true);
        });
    System.out.println(
        "quiet (no windowed rebalance or paused-source metric left) after "
            + Duration.ofNanos(System.nanoTime() - start).toSeconds()
            + " s");
    assertEveryPanelQueryHasData("quiet cluster", DashboardQueries.defaultVariables());

    Map<String, String> pausedSource =
        new java.util.LinkedHashMap<>(DashboardQueries.defaultVariables());
    pausedSource.put("connector", quiet);
    List<String> emptyForPausedSource = new java.util.ArrayList<>();
    int checked = 0;
    for (DashboardQueries.DashboardQuery q : DashboardQueries.all()) {
      if (List.of("Batch size", "Source poll batch time", "Offset commit time")
          .contains(q.panelTitle())) {
        checked++;
        if (prometheus.query(q.expr(pausedSource)).path("data").path("result").isEmpty()) {
          emptyForPausedSource.add(q.panelTitle() + " / " + q.refId());
        }
      }
    }
    assertEquals(6, checked, "average and maximum of three panels");
    assertEquals(List.of(), emptyForPausedSource, "windowed panels of the paused " + quiet);
  }

  static void assertEveryPanelQueryHasData(String when) throws Exception {
    assertEveryPanelQueryHasData(when, DashboardQueries.defaultVariables());
  }

  static void assertEveryPanelQueryHasData(String when, Map<String, String> vars) throws Exception {
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
    System.out.println(
        "dashboard queries ("
            + when
            + "): "
            + queries.size()
            + " run, "
            + withData
            + " returned series");
    assertEquals(List.of(), errors, when + ": queries Prometheus rejected");
    assertEquals(
        List.of(),
        empty,
        when + ": queries without data that are not listed as empty when healthy");
  }

  static <T> T await(String what, Eventually.Check<T> check) throws Exception {
    return Eventually.await(
        what,
        WAIT,
        check,
        () ->
            "prometheus log:\n" + prometheus.log() + "\nalertmanager log:\n" + alertmanager.log());
  }
}
