package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import io.connectexporter.testcluster.WorkerSecurity;
import io.connectexporter.tls.TestPki;
import io.connectexporter.tls.TestSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The exporter against a real secured worker: REST on HTTPS with required client certificates and
 * (Kafka 4.x) Connect's own basic auth extension, Jolokia on HTTPS with client certificates, a
 * password and the shipped access policy ({@code config/jolokia-access.xml}). Runs on Kafka 4.3.1
 * and again on 3.9.2, where the worker has no REST password: the extension does not resolve for
 * 3.9.2 ({@link WorkerSecurity#hasRestBasicAuth}). One cluster; each case is one entry of the
 * exporter's {@code clusters}, polling that same worker with other client settings, so all cases
 * run in the same polls.
 *
 * <p>The expired-certificate case polls, for both REST and Jolokia, a JVM running only a Jolokia
 * agent that presents a certificate that expired yesterday. The exporter refuses that certificate
 * in the handshake, before any HTTP, so which server presents it does not change the outcome; a
 * second Connect worker (or a restart of this one with that certificate) would cost a minute.
 */
@Tag("both-kafka-versions")
class SecuredClusterIT {

  static final String TOPIC = "secured-topic";
  static final String SOURCE = "secured-source";
  static final String SINK = "secured-sink";
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir static Path pkiDir;
  static TestPki pki;
  static ConnectCluster cluster;
  static ConnectWorker worker;
  static String expiredJolokia;
  static ExporterUnderTest exporter;

  /** What the exporter logs about targets going down (it runs in this JVM). */
  static final Logger TARGET_LOGGER =
      (Logger) LoggerFactory.getLogger("io.connectexporter.targets");

  static final ListAppender<ILoggingEvent> TARGET_LOG = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(pkiDir);
    WorkerSecurity security =
        WorkerSecurity.of(pki).withJolokiaPolicy(Path.of("config/jolokia-access.xml"));
    cluster = ConnectCluster.builder().workers(1).secured(security).build();
    worker = cluster.worker(0);
    expiredJolokia = cluster.startJolokiaOnly("expired-jolokia", pki.expired());
    ConnectorAdmin admin = cluster.admin();
    admin.create(SOURCE, TestConnectors.rateSource(TOPIC, 20, 1));
    admin.awaitTasksRunning(SOURCE, 1, WAIT);
    admin.create(SINK, TestConnectors.sink(TOPIC, 1));
    admin.awaitTasksRunning(SINK, 1, WAIT);
    TARGET_LOG.start();
    TARGET_LOGGER.addAppender(TARGET_LOG);
    exporter = ExporterUnderTest.start(config());
  }

  @AfterAll
  static void stop() {
    TARGET_LOGGER.detachAppender(TARGET_LOG);
    try {
      if (exporter != null) {
        exporter.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  // ------------------------------------------------------------------ the cases, as exporter
  // config

  /**
   * One entry of {@code clusters}: this worker's REST and Jolokia (or another agent) with these
   * client settings.
   */
  record Case(
      String name,
      String rest,
      String jolokiaUrl,
      String tls,
      String restPassword,
      String jolokiaPassword) {
    String hocon() {
      return "{ name = \""
          + name
          + "\"\n"
          + "  rest { urls = [\""
          + rest
          + "\"], request-timeout = 3s, tls "
          + tls
          + ",\n"
          + "    auth { username = \""
          + TestSecrets.REST_USER
          + "\", password = \""
          + restPassword
          + "\" } }\n"
          + "  jolokia { url-template = \"\", request-timeout = 3s, tls "
          + tls
          + ",\n"
          + "    endpoints = [{ worker = \""
          + worker.workerId()
          + "\", url = \""
          + jolokiaUrl
          + "\" }],\n"
          + "    auth { username = \""
          + TestSecrets.JOLOKIA_USER
          + "\", password = \""
          + jolokiaPassword
          + "\" } } }";
    }
  }

  static String tls(TestPki.Authority trust, boolean clientCertificate, boolean verifyHostname) {
    String password = TestPki.password();
    return "{ trust-store = \""
        + trust.trustStore()
        + "\", trust-store-password = \""
        + password
        + "\""
        + (clientCertificate
            ? ", key-store = \""
                + pki.client().keyStore()
                + "\", key-store-password = \""
                + password
                + "\""
            : "")
        + ", verify-hostname = "
        + verifyHostname
        + " }";
  }

  static List<Case> cases() {
    String rest = "https://127.0.0.1:" + worker.restPort();
    String restAsLocalhost = "https://localhost:" + worker.restPort();
    String jolokia = "https://127.0.0.1:" + worker.jolokiaPort() + "/jolokia";
    String jolokiaAsLocalhost = "https://localhost:" + worker.jolokiaPort() + "/jolokia";
    String good = tls(pki.ca(), true, true);
    String pw = TestSecrets.REST_PASSWORD;
    String jmx = TestSecrets.JOLOKIA_PASSWORD;
    // The agent-only JVM's base URL serves as a REST URL: the handshake fails before any request.
    String expiredServer = expiredJolokia.replaceFirst("/jolokia/?$", "");
    return List.of(
        new Case("ok", rest, jolokia, good, pw, jmx),
        new Case("wrong-ca", rest, jolokia, tls(pki.otherCa(), true, true), pw, jmx),
        // The worker's certificate names 127.0.0.1 only.
        new Case("wrong-host", restAsLocalhost, jolokiaAsLocalhost, good, pw, jmx),
        new Case(
            "wrong-host-unverified",
            restAsLocalhost,
            jolokiaAsLocalhost,
            tls(pki.ca(), true, false),
            pw,
            jmx),
        new Case("wrong-password", rest, jolokia, good, "not-" + pw, "not-" + jmx),
        new Case("no-client-cert", rest, jolokia, tls(pki.ca(), false, true), pw, jmx),
        new Case("expired", expiredServer, expiredJolokia, good, pw, jmx));
  }

  static String config() {
    // Seven entries polling one worker over fresh TLS connections: a generous deadline on 2 busy
    // cores.
    return "exporter { listen { host = \"127.0.0.1\", port = 0 }, poll { interval = 3s, deadline = 3s }\n"
        + "  clusters = [\n"
        + cases().stream().map(Case::hocon).collect(Collectors.joining(",\n"))
        + "\n] }";
  }

  // ------------------------------------------------------------------ assertions

  @Test
  void correctSettingsGetConnectorStatesFromRestAndTaskMetricsFromJolokia() {
    PromText m =
        exporter.awaitScrape(
            "connector states and task metrics of cluster ok",
            WAIT,
            t ->
                t.sum(
                            "kafka_connect_connector_state",
                            "cluster",
                            "ok",
                            "connector",
                            SOURCE,
                            "state",
                            "RUNNING")
                        == 1
                    && t.sum(
                            "kafka_connect_connector_state",
                            "cluster",
                            "ok",
                            "connector",
                            SINK,
                            "state",
                            "RUNNING")
                        == 1
                    && t.sum(
                            "kafka_connect_source_task_records_polled_total",
                            "cluster",
                            "ok",
                            "connector",
                            SOURCE)
                        > 0
                    && t.sum(
                            "kafka_connect_sink_task_records_read_total",
                            "cluster",
                            "ok",
                            "connector",
                            SINK)
                        > 0
                    && !t.find(
                            "kafka_connect_sink_task_records_lag_max",
                            "cluster",
                            "ok",
                            "connector",
                            SINK)
                        .isEmpty()
                    && t.sum("kafka_connect_worker_healthy", "cluster", "ok") == 1);
    assertEquals(1.0, up(m, "ok", "rest"), "REST target of cluster ok");
    assertEquals(1.0, up(m, "ok", "jolokia"), "Jolokia target of cluster ok");
    // The health source is on by default (this config lists no sources): GET /health on the
    // worker, with the REST API's TLS, client certificate and password.
    assertEquals(1.0, up(m, "ok", "health"), "health target of cluster ok");
    assertEquals(
        1.0,
        m.sum(
            "kafka_connect_worker_health_status",
            "cluster",
            "ok",
            "worker",
            worker.workerId(),
            "status",
            "healthy"),
        "the secured worker reports healthy");
    assertEquals(Map.of(), failures(m, "ok", "health"), "no health errors");
    assertEquals(Map.of(), failures(m, "ok", "rest"), "no REST errors");
    assertEquals(
        Map.of(),
        failures(m, "ok", "jolokia"),
        "no Jolokia errors (the access policy lets every read of the exporter through)");
  }

  @Test
  void trustStoreWithoutTheWorkersCaIsTls() {
    assertBothFailWith("wrong-ca", "tls");
  }

  /**
   * With {@code verify-hostname = false} the exporter accepts the certificate, and the Jolokia
   * agent answers. Connect's REST depends on its Jetty: Kafka 4.x (Jetty 12) compares the request's
   * host with its own certificate and refuses the request with HTTP 400; Kafka 3.9.2 (Jetty 9.4)
   * serves it.
   */
  @Test
  void hostnameMismatchIsTlsWhileVerificationIsOn() {
    assertBothFailWith("wrong-host", "tls");
    boolean jettyRefuses = !cluster.kafkaVersion().startsWith("3.");
    PromText m =
        exporter.awaitScrape(
            "verify-hostname = false: Jolokia answers, Jetty "
                + (jettyRefuses ? "refuses with 400" : "answers"),
            WAIT,
            t ->
                up(t, "wrong-host-unverified", "jolokia") == 1
                    && (jettyRefuses
                        ? errors(t, "wrong-host-unverified", "rest").getOrDefault("http_400", 0.0)
                            >= 2
                        : t.sum(
                                "kafka_connect_connector_state",
                                "cluster",
                                "wrong-host-unverified",
                                "connector",
                                SOURCE,
                                "state",
                                "RUNNING")
                            == 1));
    assertTrue(
        !m.find(
                "kafka_connect_source_task_records_polled_total",
                "cluster",
                "wrong-host-unverified",
                "connector",
                SOURCE)
            .isEmpty(),
        "task metrics through Jolokia reached as localhost");
    if (jettyRefuses) {
      assertEquals(0.0, up(m, "wrong-host-unverified", "rest"));
      assertEquals(
          List.of("http_400"), List.copyOf(failures(m, "wrong-host-unverified", "rest").keySet()));
    } else {
      assertEquals(1.0, up(m, "wrong-host-unverified", "rest"));
      assertEquals(Map.of(), failures(m, "wrong-host-unverified", "rest"));
    }
  }

  @Test
  void wrongJolokiaPasswordIsHttp401() {
    assertFailWith("wrong-password", Map.of("jolokia", "http_401"));
  }

  @Test
  void wrongRestPasswordIsHttp401() {
    assumeTrue(
        WorkerSecurity.hasRestBasicAuth(cluster.kafkaVersion()),
        "Kafka "
            + cluster.kafkaVersion()
            + ": the worker runs without REST basic auth (connect-basic-auth-extension "
            + cluster.kafkaVersion()
            + " does not resolve from the Maven mirror), so there is no REST password to get wrong");
    assertFailWith("wrong-password", Map.of("rest", "http_401"));
  }

  /**
   * Connect's REST listener requires the certificate in the handshake ({@code ssl.client.auth =
   * required}): {@code tls}. The Jolokia JVM agent (2.6.0) only asks for one: with {@code
   * useSslClientAuthentication} its HTTPS configurator sets "want", never "need", and no option
   * changes that; its client-certificate check then refuses the request with 403. The exporter's
   * log says why: the agent asked for a certificate and none was configured.
   */
  @Test
  void missingClientCertificateIsTlsForRestAndRefusedByJolokia() {
    assertFailWith("no-client-cert", Map.of("rest", "tls", "jolokia", "http_403"));
    List<String> logged;
    synchronized (TARGET_LOG) {
      logged =
          TARGET_LOG.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(l -> l.startsWith("cluster no-client-cert: target down (http_403)"))
              .toList();
    }
    assertEquals(1, logged.size(), "the Jolokia 403 logged once: " + logged);
    assertTrue(
        logged
            .get(0)
            .contains(
                "answered HTTP 403; the server asked for a client certificate and none is"
                    + " configured (tls.key-store)"),
        logged.get(0));
  }

  @Test
  void expiredServerCertificateIsTls() {
    assertBothFailWith("expired", "tls");
  }

  // ------------------------------------------------------------------ the shipped Jolokia access
  // policy

  /**
   * Through the agent running {@code config/jolokia-access.xml}, with a client certificate and the
   * right password: reads of the exporter's MBeans answer, and everything else is refused (403).
   */
  @Test
  void jolokiaPolicyAllowsReadsOfConnectMBeansOnly() throws Exception {
    JsonNode items =
        jolokia(
            "["
                + "{\"type\":\"read\",\"mbean\":\"kafka.connect:type=connect-worker-metrics\",\"attribute\":\"connector-count\"},"
                + "{\"type\":\"read\",\"mbean\":\"kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*\"},"
                + "{\"type\":\"write\",\"mbean\":\"kafka.connect:type=connect-worker-metrics\",\"attribute\":\"connector-count\",\"value\":5},"
                + "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true},"
                + "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"},"
                + "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties\"},"
                + "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"},"
                + "{\"type\":\"list\"},"
                + "{\"type\":\"search\",\"mbean\":\"*:*\"}"
                + "]");
    assertEquals(9, items.size(), items.toString());
    assertEquals(
        200, items.get(0).path("status").asInt(), "read of a Connect MBean: " + items.get(0));
    assertTrue(
        items.get(0).path("value").asDouble() >= 2,
        "two connectors on the worker: " + items.get(0));
    assertEquals(
        200,
        items.get(1).path("status").asInt(),
        "read of the sink consumer's fetch metrics: " + items.get(1));
    for (int i = 2; i < items.size(); i++) {
      assertEquals(
          403, items.get(i).path("status").asInt(), "refused by the policy: " + items.get(i));
    }
  }

  /**
   * POSTs a bulk request to the worker's agent, as the exporter does; returns the answer's items.
   */
  static JsonNode jolokia(String body) throws Exception {
    WorkerSecurity security = cluster.security();
    HttpClient client = security.httpClient().build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(worker.jolokiaUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", security.jolokiaAuthorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readTree(r.body());
  }

  /** Both targets of the entry down, every failure counted under {@code reason}, nothing else. */
  static void assertBothFailWith(String name, String reason) {
    assertFailWith(name, Map.of("rest", reason, "jolokia", reason));
  }

  /**
   * Each given target (source) of the entry down, every failure counted under its reason, nothing
   * else; with REST down, no connector series for the entry.
   */
  static void assertFailWith(String name, Map<String, String> reasonBySource) {
    PromText m =
        exporter.awaitScrape(
            name + ": two failed polls of " + reasonBySource.keySet(),
            WAIT,
            t ->
                reasonBySource.keySet().stream()
                    .allMatch(
                        source ->
                            errors(t, name, source).values().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum()
                                >= 2));
    reasonBySource.forEach(
        (source, reason) -> {
          assertEquals(0.0, up(m, name, source), name + " " + source + " target_up");
          assertEquals(
              List.of(reason),
              List.copyOf(failures(m, name, source).keySet()),
              name + " " + source + " errors by reason: " + errors(m, name, source));
        });
    if (reasonBySource.containsKey("rest")) {
      assertTrue(
          m.find("kafka_connect_connector_state", "cluster", name).isEmpty(),
          "no connector series for " + name);
    }
  }

  static double up(PromText m, String cluster, String source) {
    return m.sum("kafka_connect_exporter_target_up", "cluster", cluster, "source", source);
  }

  /**
   * Errors by reason other than timeouts: on two busy cores a TLS handshake can miss the poll
   * deadline, which says nothing about how a failure is classified.
   */
  static Map<String, Double> failures(PromText m, String cluster, String source) {
    Map<String, Double> byReason = errors(m, cluster, source);
    byReason.remove("timeout");
    return byReason;
  }

  static Map<String, Double> errors(PromText m, String cluster, String source) {
    Map<String, Double> byReason = new TreeMap<>();
    m.find("kafka_connect_exporter_target_errors_total", "cluster", cluster, "source", source)
        .forEach(s -> byReason.merge(s.label("reason"), s.value(), Double::sum));
    byReason.values().removeIf(v -> v == 0);
    return byReason;
  }
}
