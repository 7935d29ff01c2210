package io.connectexporter.scrape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.connectexporter.config.BasicAuth;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.TlsSettings;
import io.connectexporter.scrape.Cancellation;
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
 * TLS with a trust store and a client certificate, and basic auth, against a real HTTPS server
 * that requires both (keys made by the JDK's keytool).
 */
class TlsAndAuthTest {

  @TempDir
  static Path dir;
  static final String PASSWORD = "changeit";

  @BeforeAll
  static void keys() throws Exception {
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-keystore", "server.p12");
    keytool("-exportcert", "-alias", "server", "-keystore", "server.p12", "-file", "server.crt");
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", "server.crt", "-keystore", "trust.p12");
    keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-dname", "CN=exporter", "-keystore", "client.p12");
    keytool("-exportcert", "-alias", "client", "-keystore", "client.p12", "-file", "client.crt");
    keytool("-importcert", "-noprompt", "-alias", "client", "-file", "client.crt", "-keystore", "server-trust.p12");
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
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
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load("server-trust.p12"));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        var p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(true);
        params.setSSLParameters(p);
      }
    });
    String expected = "Basic " + Base64.getEncoder().encodeToString("exporter:s3cret".getBytes(StandardCharsets.UTF_8));
    server.createContext("/", exchange -> {
      boolean authorized = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
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
    return new HttpGetter(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), auth, tls, true, 1 << 20),
        2);
  }

  private static byte[] get(HttpGetter getter, String url) throws ScrapeException {
    return getter.get(url, Cancellation.none(), java.io.InputStream::readAllBytes);
  }

  private static TlsSettings tls(boolean trust, boolean clientCert) {
    return new TlsSettings(trust ? dir.resolve("trust.p12") : null, PASSWORD, "PKCS12",
        clientCert ? dir.resolve("client.p12") : null, PASSWORD, PASSWORD, "PKCS12", true);
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
      assertEquals("http_401", assertThrows(ScrapeException.class, () -> get(wrongPassword, url)).reason());
      assertEquals("tls", assertThrows(ScrapeException.class, () -> get(untrusted, url)).reason());
      ScrapeException e = assertThrows(ScrapeException.class, () -> get(noClientCert, url));
      assertEquals(true, List.of("tls", "io").contains(e.reason()), e.getMessage());
    } finally {
      server.stop(0);
    }
  }
}
