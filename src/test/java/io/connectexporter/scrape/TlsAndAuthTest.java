package io.connectexporter.scrape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.connectexporter.config.BasicAuth;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.TlsSettings;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a trust store and a client certificate, and basic auth, against a real HTTPS server that
 * requires both (keys made by the JDK's keytool).
 */
class TlsAndAuthTest {

  @TempDir static Path dir;
  static final String PASSWORD = "changeit";

  @BeforeAll
  static void keys() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-keystore",
        "server.p12");
    keytool("-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        "server.crt",
        "-keystore",
        "trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "client",
        "-keyalg",
        "RSA",
        "-dname",
        "CN=exporter",
        "-keystore",
        "client.p12");
    keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.crt");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "client",
        "-file",
        "client.crt",
        "-keystore",
        "server-trust.p12");
    // A client certificate the server does not trust.
    keytool(
        "-genkeypair",
        "-alias",
        "stranger",
        "-keyalg",
        "RSA",
        "-dname",
        "CN=stranger",
        "-keystore",
        "stranger.p12");
    // Same name as the trusted client certificate, other key: offered (the issuer name matches),
    // then refused.
    keytool(
        "-genkeypair",
        "-alias",
        "impostor",
        "-keyalg",
        "RSA",
        "-dname",
        "CN=exporter",
        "-keystore",
        "impostor.p12");
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (args[0].equals("-genkeypair")) {
      cmd.addAll(List.of("-keypass", PASSWORD, "-validity", "2"));
    }
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private static HttpsServer server() throws Exception {
    KeyStore keys = load("server.p12");
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load("server-trust.p12"));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            var p = ctx.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("exporter:s3cret".getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/",
        exchange -> {
          boolean authorized =
              expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static KeyStore load(String file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(dir.resolve(file).toFile())) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static HttpGetter client(TlsSettings tls, BasicAuth auth) {
    return new HttpGetter(
        new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), auth, tls, true, 1 << 20),
        2);
  }

  private static byte[] get(HttpGetter getter, String url) throws ScrapeException {
    return getter.get(
        url, Duration.ofMinutes(1), Cancellation.none(), java.io.InputStream::readAllBytes);
  }

  private static TlsSettings tls(boolean trust, boolean clientCert) {
    return new TlsSettings(
        trust ? dir.resolve("trust.p12") : null,
        PASSWORD,
        "PKCS12",
        clientCert ? dir.resolve("client.p12") : null,
        PASSWORD,
        PASSWORD,
        "PKCS12",
        true);
  }

  @Test
  void trustStoreClientCertificateAndBasicAuth() throws Exception {
    HttpsServer server = server();
    String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    try (HttpGetter ok = client(tls(true, true), new BasicAuth("exporter", "s3cret"));
        HttpGetter wrongPassword = client(tls(true, true), new BasicAuth("exporter", "nope"));
        HttpGetter untrusted = client(null, new BasicAuth("exporter", "s3cret"));
        HttpGetter noClientCert = client(tls(true, false), new BasicAuth("exporter", "s3cret"))) {
      assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), get(ok, url));
      assertEquals(
          "http_401", assertThrows(ScrapeException.class, () -> get(wrongPassword, url)).reason());
      assertEquals("tls", assertThrows(ScrapeException.class, () -> get(untrusted, url)).reason());
      ScrapeException e = assertThrows(ScrapeException.class, () -> get(noClientCert, url));
      assertEquals("tls", e.reason(), e.getMessage());
    } finally {
      server.stop(0);
    }
  }

  /**
   * Under TLS 1.3 the server refuses a client certificate (or its absence) after the client has
   * finished its handshake: the client sees the alert, or only a broken pipe or a reset, depending
   * on timing. Either way it is {@code tls}, and the message says the server asked for a
   * certificate. Twenty fresh connections each, so both timings get their chance.
   */
  @Test
  void refusedOrMissingClientCertificateIsTlsEveryTime() throws Exception {
    HttpsServer server = server();
    String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    TlsSettings stranger =
        new TlsSettings(
            dir.resolve("trust.p12"),
            PASSWORD,
            "PKCS12",
            dir.resolve("stranger.p12"),
            PASSWORD,
            PASSWORD,
            "PKCS12",
            true);
    TlsSettings impostor =
        new TlsSettings(
            dir.resolve("trust.p12"),
            PASSWORD,
            "PKCS12",
            dir.resolve("impostor.p12"),
            PASSWORD,
            PASSWORD,
            "PKCS12",
            true);
    try (HttpGetter none = fresh(tls(true, false));
        HttpGetter refused = fresh(stranger);
        HttpGetter offeredAndRefused = fresh(impostor)) {
      for (int i = 0; i < 20; i++) {
        ScrapeException missing = assertThrows(ScrapeException.class, () -> get(none, url));
        assertEquals("tls", missing.reason(), missing.getMessage());
        assertTrue(
            missing.getMessage().contains("asked for a client certificate and none is configured"),
            missing.getMessage());
        ScrapeException untrusted = assertThrows(ScrapeException.class, () -> get(refused, url));
        assertEquals("tls", untrusted.reason(), untrusted.getMessage());
        // The server names the CAs it accepts; the stranger's certificate is from none of them.
        assertTrue(
            untrusted
                .getMessage()
                .contains("asked for a client certificate and none is configured"),
            untrusted.getMessage());
        ScrapeException rejected =
            assertThrows(ScrapeException.class, () -> get(offeredAndRefused, url));
        assertEquals("tls", rejected.reason(), rejected.getMessage());
        assertTrue(
            rejected
                .getMessage()
                .contains("asked for a client certificate and may have refused ours"),
            rejected.getMessage());
      }
    } finally {
      server.stop(0);
    }
  }

  /**
   * The server's certificate names 127.0.0.1 only: reached as localhost it fails as {@code tls}
   * while hostnames are verified (the default), and answers with {@code verify-hostname = false}.
   */
  @Test
  void hostnameMismatchFailsUnlessVerificationIsOff() throws Exception {
    HttpsServer server = server();
    String url = "https://localhost:" + server.getAddress().getPort() + "/";
    TlsSettings unverified =
        new TlsSettings(
            dir.resolve("trust.p12"),
            PASSWORD,
            "PKCS12",
            dir.resolve("client.p12"),
            PASSWORD,
            PASSWORD,
            "PKCS12",
            false);
    try (HttpGetter verifying = client(tls(true, true), new BasicAuth("exporter", "s3cret"));
        HttpGetter notVerifying = client(unverified, new BasicAuth("exporter", "s3cret"))) {
      ScrapeException e = assertThrows(ScrapeException.class, () -> get(verifying, url));
      assertEquals("tls", e.reason(), e.getMessage());
      assertArrayEquals("{\"ok\":true}".getBytes(StandardCharsets.UTF_8), get(notVerifying, url));
    } finally {
      server.stop(0);
    }
  }

  /**
   * A server that drops the connection without asking for a client certificate: no certificate
   * hint.
   */
  @Test
  void droppedConnectionWithoutCertificateRequestHasNoCertificateHint() throws Exception {
    try (var listener =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        HttpGetter getter = fresh(null)) {
      Thread acceptor =
          new Thread(
              () -> {
                try (var socket = listener.accept()) {
                  socket.setSoLinger(true, 0); // close with a reset, before any TLS
                } catch (java.io.IOException ignored) {
                  // the test fails on its own if nothing connects
                }
              });
      acceptor.start();
      ScrapeException e =
          assertThrows(
              ScrapeException.class,
              () -> get(getter, "https://127.0.0.1:" + listener.getLocalPort() + "/"));
      acceptor.join(5000);
      assertEquals(false, e.getMessage().contains("client certificate"), e.getMessage());
    }
  }

  private static HttpGetter fresh(TlsSettings tls) {
    return new HttpGetter(
        new HttpSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            new BasicAuth("exporter", "s3cret"),
            tls,
            false,
            1 << 20),
        2);
  }
}
