package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.alerts.ShippedAlertmanagerConfig;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import io.connectexporter.tls.TestPki;
import io.connectexporter.tls.TestSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exporter jar as a user secures it (TLS from a PKCS12 key store whose password is in a file,
 * client certificates required, basic auth with a bcrypt hash; Connect and Jolokia passwords from a
 * file and from the environment), scraped by a real Prometheus with {@code scheme: https}, {@code
 * tls_config} and {@code basic_auth}; a failed task still pages through a real Alertmanager.
 * Prometheus' own targets page shows the refusals: a wrong password (401) and no client
 * certificate.
 */
class SecuredScrapeIT {

  static final Duration WAIT = Duration.ofMinutes(4);
  static final String CLUSTER = "secured";
  static ConnectCluster cluster;
  static ConnectorAdmin admin;
  static Path dir;
  static TestPki pki;
  static int port;
  static Process exporter;
  static Path exporterLog;
  static WebhookReceiver webhook;
  static ExternalServer alertmanager;
  static ExternalServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    Promtool.binary("prometheus"); // fails under CI=true when absent, skips loudly elsewhere
    Promtool.binary("prometheus-alertmanager");
    cluster = ConnectCluster.shared();
    admin = cluster.admin();
    dir =
        Files.createDirectories(Path.of("target", "secured-scrape-" + System.currentTimeMillis()));
    pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    port = ExternalServer.freePort();
    Path config = writeExporterConfig();
    exporterLog = dir.resolve("exporter.log");

    CliRun check = runJar(config, "--check-config");
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(check.output().contains("configuration OK"), check.output());
    assertTrue(
        check.output().contains("<redacted>"),
        "the bcrypt hash is shown redacted: " + check.output());
    for (String secret : TestSecrets.all()) {
      assertFalse(check.output().contains(secret), "--check-config shows no secret");
    }

    exporter = jarProcess(config).redirectOutput(exporterLog.toFile()).start();
    awaitReady();
    webhook = new WebhookReceiver();
    alertmanager =
        ExternalServer.alertmanager(
            dir, ShippedAlertmanagerConfig.writeFor(dir, webhook.url(), Duration.ofSeconds(5)));
    prometheus =
        ExternalServer.prometheus(
            dir,
            scrapeConfigs(),
            alertmanager.port(),
            List.of(Path.of("alerts/kafka-connect.rules.yml")));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, alertmanager, webhook}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
    if (exporter != null) {
      exporter.destroy();
      if (!exporter.waitFor(15, TimeUnit.SECONDS)) {
        exporter.destroyForcibly();
      }
    }
    if (admin != null) {
      admin.deleteQuietly("secured-source");
      admin.deleteQuietly("secured-failing-sink");
    }
  }

  /** HOCON as a user writes it: secrets only by file, environment or hash. */
  private static Path writeExporterConfig() throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path storePassword =
        Files.writeString(secrets.resolve("key-store-password"), TestSecrets.STORE_PASSWORD + "\n");
    Path restPassword =
        Files.writeString(secrets.resolve("rest-password"), TestSecrets.REST_PASSWORD + "\n");
    String hash =
        BCrypt.with(BCrypt.Version.VERSION_2Y)
            .hashToString(10, TestSecrets.SCRAPE_PASSWORD.toCharArray());
    String listen =
        "listen { host = \"127.0.0.1\", port = "
            + port
            + "\n"
            + "    tls { key-store = \""
            + pki.server().keyStore().toAbsolutePath()
            + "\"\n"
            + "      key-store-password-file = \""
            + storePassword.toAbsolutePath()
            + "\"\n"
            + "      client-auth = required, client-ca-file = \""
            + pki.ca().certPem().toAbsolutePath()
            + "\" }\n"
            + "    basic-auth.users { "
            + TestSecrets.SCRAPE_USER
            + " = \""
            + hash
            + "\" }\n"
            + "    open-health-endpoints = true }";
    // Connect and Jolokia here ask for no password and ignore the header: the exporter still sends
    // (and must never log) both.
    String hocon =
        ExporterUnderTest.config(cluster, CLUSTER, "2s")
            .replace("listen { host = \"127.0.0.1\", port = 0 }", listen)
            .replace(
                "request-timeout = 3s },",
                "request-timeout = 3s, auth { username = "
                    + TestSecrets.REST_USER
                    + ", password-file = \""
                    + restPassword.toAbsolutePath()
                    + "\" } },")
            .replace(
                "request-timeout = 3s } }]",
                "request-timeout = 3s, auth { username = "
                    + TestSecrets.JOLOKIA_USER
                    + ", password = ${SECURED_IT_JOLOKIA_PASSWORD} } } }]");
    assertTrue(
        hocon.contains("password-file") && hocon.contains("SECURED_IT_JOLOKIA_PASSWORD"), hocon);
    return Files.writeString(dir.resolve("exporter.conf"), hocon);
  }

  private static ProcessBuilder jarProcess(Path config, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"),
                "--config",
                config.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SECURED_IT_JOLOKIA_PASSWORD", TestSecrets.JOLOKIA_PASSWORD);
    pb.environment().put("EXPORTER_LOG_LEVEL", "DEBUG"); // the most the exporter ever logs
    return pb;
  }

  record CliRun(int exitCode, String output) {}

  private static CliRun runJar(Path config, String... args) throws Exception {
    Path out = dir.resolve("check-config.out");
    Process p = jarProcess(config, args).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "--check-config finishes");
    return new CliRun(p.exitValue(), Files.readString(out));
  }

  /** Three jobs: the right way, a wrong password, no client certificate. */
  private static String scrapeConfigs() throws IOException {
    Path secrets = dir.resolve("secrets");
    Path good = Files.writeString(secrets.resolve("scrape-password"), TestSecrets.SCRAPE_PASSWORD);
    Path wrong = Files.writeString(secrets.resolve("wrong-password"), "not-the-password");
    String ca = pki.ca().certPem().toAbsolutePath().toString();
    String clientCert =
        "      cert_file: "
            + pki.client().certPem().toAbsolutePath()
            + "\n"
            + "      key_file: "
            + pki.client().keyPem().toAbsolutePath()
            + "\n";
    return job("secured", ca, clientCert, good)
        + job("wrong-password", ca, clientCert, wrong)
        + job("no-client-certificate", ca, "", good);
  }

  private static String job(String name, String caFile, String clientCert, Path passwordFile) {
    return "  - job_name: "
        + name
        + "\n    scheme: https\n"
        + "    tls_config:\n      ca_file: "
        + caFile
        + "\n"
        + clientCert
        + "    basic_auth:\n      username: "
        + TestSecrets.SCRAPE_USER
        + "\n      password_file: "
        + passwordFile.toAbsolutePath()
        + "\n"
        + "    static_configs:\n      - targets: ['127.0.0.1:"
        + port
        + "']\n";
  }

  private static void awaitReady() throws Exception {
    HttpClient https =
        HttpClient.newBuilder()
            .sslContext(clientTls())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int status = 0;
    while (System.nanoTime() < end && status != 200) {
      assertTrue(exporter.isAlive(), "the exporter exited:\n" + Files.readString(exporterLog));
      try {
        status =
            https
                .send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/-/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    assertEquals(
        200,
        status,
        "ready (open health endpoint, client certificate); log:\n" + Files.readString(exporterLog));
  }

  private static SSLContext clientTls() throws Exception {
    char[] password = TestPki.password().toCharArray();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.ca().trustStore())) {
      trust.load(in, password);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.client().keyStore())) {
      keys.load(in, password);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void prometheusScrapesOverTlsWithClientCertificateAndPassword() throws Exception {
    Map<String, JsonNode> targets =
        await(
            "Prometheus has scraped every job",
            () -> {
              Map<String, JsonNode> byJob = new java.util.HashMap<>();
              for (JsonNode t :
                  prometheus.getJson("/api/v1/targets").path("data").path("activeTargets")) {
                if (!"unknown".equals(t.path("health").asText())) {
                  byJob.put(t.path("labels").path("job").asText(), t);
                }
              }
              return byJob.size() == 3 && "up".equals(byJob.get("secured").path("health").asText())
                  ? Optional.of(byJob)
                  : Optional.empty();
            });
    JsonNode wrongPassword = targets.get("wrong-password");
    assertEquals("down", wrongPassword.path("health").asText());
    assertTrue(wrongPassword.path("lastError").asText().contains("401"), wrongPassword.toString());
    JsonNode noCertificate = targets.get("no-client-certificate");
    assertEquals("down", noCertificate.path("health").asText());
    // Refused in the TLS handshake, before any HTTP: the JDK's HTTPS server closes the connection
    // without sending the TLS alert (openssl s_client: "unexpected eof while reading", with TLS 1.2
    // and 1.3 alike), so Go reports the closed connection, not "remote error: tls: ...". The same
    // job with a client certificate ("secured") is up.
    String closed = noCertificate.path("lastError").asText();
    String request = "Get \"" + noCertificate.path("scrapeUrl").asText() + "\": ";
    assertTrue(
        closed.equals(request + "EOF")
            || closed.startsWith(request) && closed.endsWith("connection reset by peer"),
        "the connection closed in the handshake, no HTTP answer: " + noCertificate);

    JsonNode restUp =
        await(
            "the secured job's series reach Prometheus",
            () -> {
              JsonNode r =
                  prometheus.query(
                      "kafka_connect_exporter_target_up{job=\"secured\",cluster=\""
                          + CLUSTER
                          + "\",source=\"rest\"}");
              JsonNode result = r.path("data").path("result");
              return result.size() == 1 ? Optional.of(result.get(0)) : Optional.empty();
            });
    assertEquals(
        "1",
        restUp.path("value").get(1).asText(),
        "the exporter reached REST, sending its password");

    HttpClient https = HttpClient.newBuilder().sslContext(clientTls()).build();
    String metrics =
        https
            .send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics"))
                    .header(
                        "Authorization",
                        "Basic "
                            + java.util.Base64.getEncoder()
                                .encodeToString(
                                    (TestSecrets.SCRAPE_USER + ":" + TestSecrets.SCRAPE_PASSWORD)
                                        .getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(metrics.contains("kafka_connect_exporter_target_up"), metrics);
    for (String secret : TestSecrets.all()) {
      assertFalse(metrics.contains(secret), "/metrics holds no secret");
    }
  }

  @Test
  void aFailedTaskStillPagesThroughAlertmanager() throws Exception {
    admin.create("secured-source", TestConnectors.rateSource("secured", 20, 1));
    admin.create("secured-failing-sink", TestConnectors.failingSink("secured", 1, 5));
    admin.awaitTaskState("secured-failing-sink", 0, "FAILED", Duration.ofSeconds(90));

    JsonNode delivered =
        await(
            "Alertmanager delivers KafkaConnectTaskFailed to the webhook",
            () ->
                webhook.alerts().stream()
                    .filter(
                        a ->
                            "KafkaConnectTaskFailed"
                                    .equals(a.path("labels").path("alertname").asText())
                                && "secured-failing-sink"
                                    .equals(a.path("labels").path("connector").asText())
                                && CLUSTER.equals(a.path("labels").path("cluster").asText()))
                    .findFirst());
    assertEquals("firing", delivered.path("status").asText());
    assertEquals("0", delivered.path("labels").path("task").asText());
    assertEquals(
        "secured",
        delivered.path("labels").path("job").asText(),
        "from the job that scrapes over TLS");
  }

  static <T> T await(String what, Eventually.Check<T> check) throws Exception {
    return Eventually.await(
        what,
        WAIT,
        check,
        () ->
            "prometheus log:\n"
                + prometheus.log()
                + "\nalertmanager log:\n"
                + alertmanager.log()
                + "\nexporter log (tail):\n"
                + tail(exporterLog));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
