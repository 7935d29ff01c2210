package io.connectexporter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.typesafe.config.ConfigFactory;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.config.InvalidConfigException;
import io.connectexporter.it.Promtool;
import io.connectexporter.metrics.ExporterInfoCollector;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.state.LatestPolls;
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
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's endpoints behind {@code exporter.listen} TLS and basic auth, served by the real
 * {@link ExporterHttpServer} and reached by the JDK's HTTP client and by openssl.
 */
class EndpointSecurityTest {

  @TempDir static Path dir;
  static TestPki pki;
  static String hash;

  @BeforeAll
  static void pki() {
    pki = TestPki.create(dir);
    hash = BCrypt.withDefaults().hashToString(6, TestSecrets.SCRAPE_PASSWORD.toCharArray());
  }

  private static ExporterConfig config(String listen) {
    return ConfigLoader.fromConfig(
        ConfigFactory.parseString(
            "exporter.listen { port = 0\n"
                + listen
                + "\n}\nexporter.clusters = [{ name = test, rest.urls = [\"http://127.0.0.1:1\"] }]"));
  }

  private static String pemTls(Path cert, Path key, String clientAuth) {
    return tls(
        cert,
        key,
        ", client-auth = "
            + clientAuth
            + (clientAuth.equals("none")
                ? ""
                : ", client-ca-file = \"" + pki.ca().certPem() + "\""));
  }

  /** The server's PEM certificate and key, and more settings (each starting with a comma). */
  private static String tls(Path cert, Path key, String moreSettings) {
    return "tls { cert-file = \"" + cert + "\", key-file = \"" + key + "\"" + moreSettings + " }";
  }

  private static String openssl() {
    return Promtool.binary("openssl", "openssl");
  }

  private static String users() {
    return "basic-auth.users { " + TestSecrets.SCRAPE_USER + " = \"" + hash + "\" }";
  }

  private static ExporterHttpServer serve(ExporterConfig config) throws IOException {
    SnapshotStore store = new SnapshotStore(Set.of("test"));
    PollHealth health =
        new PollHealth(Set.of("test"), Duration.ofHours(1), 3, System::currentTimeMillis);
    return ExporterHttpServer.start(
        "127.0.0.1",
        0,
        EndpointSecurity.of(config.listenSecurity()),
        store,
        health,
        new ExporterInfoCollector(store, health, System::currentTimeMillis, "test"),
        new StatusPage(
            List.of("test"),
            new LatestPolls(),
            c -> AutoRestartStatus.OFF,
            Duration.ofSeconds(1),
            System::currentTimeMillis,
            "test"));
  }

  private static TrustManager[] trustCa() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.ca().trustStore())) {
      trust.load(in, TestPki.password().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf.getTrustManagers();
  }

  private static SSLContext client(boolean withClientCertificate) throws Exception {
    KeyManagerFactory kmf = null;
    if (withClientCertificate) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(pki.client().keyStore())) {
        keys.load(in, TestPki.password().toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, TestPki.password().toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), trustCa(), null);
    return ctx;
  }

  private static HttpResponse<String> get(SSLContext tls, String url, String user, String password)
      throws Exception {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return builder.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String https(ExporterHttpServer server, String path) {
    return "https://127.0.0.1:" + server.port() + path;
  }

  @Test
  void tlsAndBasicAuthProtectEveryEndpoint() throws Exception {
    try (ExporterHttpServer server =
        serve(
            config(
                pemTls(pki.server().chainPem(), pki.server().keyPem(), "none") + "\n" + users()))) {
      SSLContext tls = client(false);
      HttpResponse<String> ok =
          get(tls, https(server, "/metrics"), TestSecrets.SCRAPE_USER, TestSecrets.SCRAPE_PASSWORD);
      assertEquals(200, ok.statusCode());
      assertTrue(ok.body().contains("kafka_connect_exporter_build_info"), ok.body());
      for (String path : new String[] {"/metrics", "/-/healthy", "/-/ready", "/"}) {
        HttpResponse<String> wrong =
            get(tls, https(server, path), TestSecrets.SCRAPE_USER, "not-the-password");
        assertEquals(401, wrong.statusCode(), path);
        assertEquals(
            "Basic realm=\"kafka-connect-exporter\", charset=\"UTF-8\"",
            wrong.headers().firstValue("WWW-Authenticate").orElse(""),
            path);
        assertEquals(
            401,
            get(tls, https(server, path), null, null).statusCode(),
            path + " without a password");
        assertEquals(
            401,
            get(tls, https(server, path), "someone-else", TestSecrets.SCRAPE_PASSWORD)
                .statusCode());
      }
      assertEquals(
          200,
          get(tls, https(server, "/"), TestSecrets.SCRAPE_USER, TestSecrets.SCRAPE_PASSWORD)
              .statusCode());
      HttpResponse<String> garbage =
          HttpClient.newBuilder()
              .sslContext(tls)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(https(server, "/metrics")))
                      .header("Authorization", "Basic %%%")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(
          401, garbage.statusCode(), "a malformed header is a wrong password, not an error");
      assertThrows(
          IOException.class,
          () ->
              get(
                  null,
                  https(server, "/metrics"),
                  TestSecrets.SCRAPE_USER,
                  TestSecrets.SCRAPE_PASSWORD),
          "a client that does not trust our CA refuses the certificate");
    }
  }

  @Test
  void healthEndpointsCanBeLeftOpenForProbes() throws Exception {
    try (ExporterHttpServer server = serve(config(users() + "\nopen-health-endpoints = true"))) {
      String base = "http://127.0.0.1:" + server.port();
      assertEquals(200, get(null, base + "/-/healthy", null, null).statusCode());
      assertEquals(
          503, get(null, base + "/-/ready", null, null).statusCode(), "open, and not ready yet");
      assertEquals(401, get(null, base + "/metrics", null, null).statusCode());
      assertEquals(401, get(null, base + "/", null, null).statusCode());
      assertEquals(
          200,
          get(null, base + "/metrics", TestSecrets.SCRAPE_USER, TestSecrets.SCRAPE_PASSWORD)
              .statusCode());
    }
  }

  @Test
  void requiredClientCertificateIsCheckedInTheHandshake() throws Exception {
    try (ExporterHttpServer server =
        serve(config(pemTls(pki.server().certPem(), pki.server().keyPem(), "required")))) {
      assertEquals(200, get(client(true), https(server, "/metrics"), null, null).statusCode());
      assertThrows(
          IOException.class, () -> get(client(false), https(server, "/metrics"), null, null));
      // In TLS 1.2 the client learns it in the handshake itself (the JDK server drops the
      // connection:
      // an alert or a broken pipe, depending on timing).
      SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
      tls12.init(null, trustCa(), null);
      try (SSLSocket socket =
          (SSLSocket) tls12.getSocketFactory().createSocket("127.0.0.1", server.port())) {
        assertThrows(IOException.class, socket::startHandshake);
      }
    }
    try (ExporterHttpServer server =
        serve(config(pemTls(pki.server().certPem(), pki.server().keyPem(), "optional")))) {
      assertEquals(200, get(client(false), https(server, "/metrics"), null, null).statusCode());
      assertEquals(200, get(client(true), https(server, "/metrics"), null, null).statusCode());
    }
  }

  @Test
  void keyStoreInsteadOfPemFiles() throws Exception {
    Path passwordFile = dir.resolve("key-store-password");
    Files.writeString(passwordFile, TestPki.password() + "\n");
    try (ExporterHttpServer server =
        serve(
            config(
                "tls { key-store = \""
                    + pki.server().keyStore()
                    + "\", key-store-password-file = \""
                    + passwordFile
                    + "\" }"))) {
      assertEquals(200, get(client(false), https(server, "/-/healthy"), null, null).statusCode());
    }
  }

  @Test
  void unusableCertificatesStopStartUpNamingTheFile() throws Exception {
    Path pkcs1 =
        Files.writeString(
            dir.resolve("rsa.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n" + "-----END RSA PRIVATE KEY-----\n");
    String message = unusable(pemTls(pki.server().certPem(), pkcs1, "none"));
    assertTrue(message.contains("openssl pkcs8 -topk8 -nocrypt -in " + pkcs1), message);
    message = unusable(pemTls(pki.server().certPem(), pki.client().keyPem(), "none"));
    assertTrue(message.contains("is not the private key of the first certificate"), message);
    Path wrongPassword =
        Files.writeString(dir.resolve("wrong-store-password"), TestSecrets.SCRAPE_PASSWORD);
    message =
        unusable(
            "tls { key-store = \""
                + pki.server().keyStore()
                + "\", key-store-password-file = \""
                + wrongPassword
                + "\" }");
    assertTrue(
        message.contains(
            "exporter.listen.tls.key-store " + pki.server().keyStore() + " cannot be read"),
        message);
    for (String secret : TestSecrets.all()) {
      assertFalse(message.contains(secret), message);
    }
  }

  private static String unusable(String listen) {
    ExporterConfig config = config(listen);
    return assertThrows(
            InvalidConfigException.class, () -> EndpointSecurity.of(config.listenSecurity()))
        .getMessage();
  }

  @Test
  void opensslCannotUseTls11OrWeakSuites() throws Exception {
    String openssl = openssl();
    try (ExporterHttpServer server =
        serve(config(pemTls(pki.server().certPem(), pki.server().keyPem(), "none")))) {
      String target = "127.0.0.1:" + server.port();
      // SECLEVEL=0 lets this openssl offer what Debian's default configuration would not.
      assertTrue(handshake(openssl, target, "-tls1_2"), "TLS 1.2 with a strong suite works");
      assertFalse(
          handshake(openssl, target, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"),
          "TLS 1.1 is refused");
      assertFalse(
          handshake(openssl, target, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"),
          "TLS 1.0 is refused");
      assertFalse(
          handshake(openssl, target, "-tls1_2", "-cipher", "AES128-SHA:AES256-SHA256:@SECLEVEL=0"),
          "static RSA key exchange with CBC is refused");
      assertFalse(
          handshake(openssl, target, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:@SECLEVEL=0"),
          "CBC suites are refused");
    }
  }

  /** Whether openssl s_client completes a handshake (it prints the negotiated cipher). */
  private static boolean handshake(String openssl, String target, String... options)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                openssl,
                "s_client",
                "-connect",
                target,
                "-CAfile",
                pki.ca().certPem().toString(),
                "-verify_return_error"));
    cmd.addAll(List.of(options));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl hung");
    return p.exitValue() == 0
        && out.contains("Verify return code: 0 (ok)")
        && !out.contains("Cipher is (NONE)");
  }

  @Test
  void replacedCertificateFilesServeTheNextConnection() throws Exception {
    Path cert = dir.resolve("rotating.crt.pem");
    Path key = dir.resolve("rotating.key.pem");
    Files.copy(pki.server().certPem(), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pki.server().keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
    try (ExporterHttpServer server = serve(config(pemTls(cert, key, "none")))) {
      assertEquals(pki.server().certificate(), peerCertificate(server));

      TestPki.Issued next = pki.issueServer("rotated", TestPki.LOCAL_HOSTS);
      Files.copy(next.keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(next.certPem(), cert, StandardCopyOption.REPLACE_EXISTING);
      assertEquals(
          next.certificate(),
          peerCertificate(server),
          "the next connection sees the new certificate");
      assertEquals(200, get(client(false), https(server, "/-/healthy"), null, null).statusCode());

      // A broken rotation (a key that is not the certificate's) keeps the last good certificate.
      Files.copy(pki.client().keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
      assertEquals(next.certificate(), peerCertificate(server));
      Files.copy(next.keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(pki.server().certPem(), cert, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(pki.server().keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
      assertNotEquals(next.certificate(), peerCertificate(server), "fixed files are read again");
    }
  }

  @Test
  void replacedKeyStoreServesTheNextConnection() throws Exception {
    Path store = dir.resolve("rotating.p12");
    Path passwordFile = dir.resolve("rotating-store-password");
    Files.writeString(passwordFile, TestPki.password());
    Files.copy(pki.server().keyStore(), store, StandardCopyOption.REPLACE_EXISTING);
    try (ExporterHttpServer server =
        serve(
            config(
                "tls { key-store = \""
                    + store
                    + "\", key-store-password-file = \""
                    + passwordFile
                    + "\" }"))) {
      assertEquals(pki.server().certificate(), peerCertificate(server));

      TestPki.Issued next = pki.issueServer("rotated-store", TestPki.LOCAL_HOSTS);
      Files.copy(next.keyStore(), store, StandardCopyOption.REPLACE_EXISTING);
      assertEquals(
          next.certificate(),
          peerCertificate(server),
          "the next connection sees the new key store's certificate");
      assertEquals(200, get(client(false), https(server, "/-/healthy"), null, null).statusCode());

      // A half-written key store keeps the last good certificate, until a whole one arrives.
      byte[] whole = Files.readAllBytes(pki.server().keyStore());
      Files.write(store, java.util.Arrays.copyOf(whole, whole.length / 2));
      assertEquals(next.certificate(), peerCertificate(server), "a truncated store is not used");
      Files.write(store, whole);
      assertEquals(pki.server().certificate(), peerCertificate(server), "read again once whole");
    }
  }

  @Test
  void replacedClientCaFileDecidesTheNextConnection() throws Exception {
    Path clientCa = dir.resolve("rotating-client-ca.pem");
    Files.copy(pki.otherCa().certPem(), clientCa, StandardCopyOption.REPLACE_EXISTING);
    try (ExporterHttpServer server =
        serve(
            config(
                tls(
                    pki.server().certPem(),
                    pki.server().keyPem(),
                    ", client-auth = required, client-ca-file = \"" + clientCa + "\"")))) {
      String url = https(server, "/metrics");
      assertThrows(
          IOException.class,
          () -> get(client(true), url, null, null),
          "our client certificate is not from the configured client CA");

      Files.copy(pki.ca().certPem(), clientCa, StandardCopyOption.REPLACE_EXISTING);
      assertEquals(
          200,
          get(client(true), url, null, null).statusCode(),
          "the next connection is checked against the new client CA");
      assertThrows(IOException.class, () -> get(client(false), url, null, null));

      // A broken CA file keeps the last good one; a good one is read again.
      Files.writeString(clientCa, "-----BEGIN CERTIFICATE-----\nAAAA\n");
      assertEquals(200, get(client(true), url, null, null).statusCode(), "the previous CA stays");
      Files.copy(pki.otherCa().certPem(), clientCa, StandardCopyOption.REPLACE_EXISTING);
      assertThrows(
          IOException.class,
          () -> get(client(true), url, null, null),
          "back to the other CA: our certificate is refused again");
    }
  }

  @Test
  void minVersionTls13RefusesTls12Clients() throws Exception {
    String openssl = openssl();
    try (ExporterHttpServer server =
        serve(
            config(
                tls(
                    pki.server().certPem(),
                    pki.server().keyPem(),
                    ", min-version = \"TLSv1.3\"")))) {
      String target = "127.0.0.1:" + server.port();
      assertTrue(handshake(openssl, target, "-tls1_3"), "TLS 1.3 works");
      assertFalse(handshake(openssl, target, "-tls1_2"), "TLS 1.2 is refused");
    }
    try (ExporterHttpServer server =
        serve(config(pemTls(pki.server().certPem(), pki.server().keyPem(), "none")))) {
      assertTrue(
          handshake(openssl, "127.0.0.1:" + server.port(), "-tls1_2"),
          "the same client gets TLS 1.2 by default");
    }
  }

  private static X509Certificate peerCertificate(ExporterHttpServer server) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) client(false).getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }
}
