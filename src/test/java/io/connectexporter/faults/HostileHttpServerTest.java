package io.connectexporter.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.faults.HostileHttpServer.Drip;
import io.connectexporter.faults.HostileHttpServer.Endless;
import io.connectexporter.faults.HostileHttpServer.Hang;
import io.connectexporter.faults.HostileHttpServer.Huge;
import io.connectexporter.faults.HostileHttpServer.ResetMidBody;
import io.connectexporter.faults.HostileHttpServer.Respond;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The hostile server does what it says, seen from real clients over real sockets. */
@Timeout(60)
class HostileHttpServerTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HostileHttpServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + target))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> post(String target, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + target))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void answersNormallyByTargetAndOtherwise() throws Exception {
    server = HostileHttpServer.plain();
    server.on("/connectors?expand=status&expand=info", Respond.json("{\"a\":1}"));
    server.otherwise(Respond.json("[2]"));
    HttpResponse<byte[]> expand = get("/connectors?expand=status&expand=info");
    assertEquals(200, expand.statusCode());
    assertEquals("{\"a\":1}", new String(expand.body(), StandardCharsets.UTF_8));
    assertEquals("7", expand.headers().firstValue("content-length").orElseThrow());
    HttpResponse<byte[]> jolokia = post("/jolokia", "[{\"type\":\"read\"}]");
    assertEquals("[2]", new String(jolokia.body(), StandardCharsets.UTF_8));
    assertEquals(2, server.requests());
    assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
  }

  @Test
  void statusRedirectAndHtml() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(Respond.status(500));
    assertEquals(500, get("/").statusCode());
    server.otherwise(Respond.redirect("http://127.0.0.1:1/elsewhere"));
    HttpResponse<byte[]> redirect = get("/");
    assertEquals(302, redirect.statusCode(), "java.net.http does not follow redirects by default");
    assertEquals(
        "http://127.0.0.1:1/elsewhere", redirect.headers().firstValue("location").orElseThrow());
    server.otherwise(Respond.html("<html>login</html>"));
    assertEquals(
        "text/html; charset=utf-8", get("/").headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void dripTakesOneIntervalPerByte() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(new Drip("[1,2]".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(150)));
    long start = System.nanoTime();
    HttpResponse<byte[]> r = get("/");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("[1,2]", new String(r.body(), StandardCharsets.UTF_8));
    assertTrue(millis >= 4 * 150, "5 bytes, 4 pauses of 150 ms, took " + millis + " ms");
  }

  @Test
  void resetMidBodyIsAnIoErrorForTheClient() throws Exception {
    server = HostileHttpServer.plain();
    byte[] body =
        "{\"a\":\"0123456789012345678901234567890123456789\"}".getBytes(StandardCharsets.UTF_8);
    server.otherwise(new ResetMidBody(body));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      // Reads the head and half the body, then the RST: "Connection reset", not a clean end of
      // stream.
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                while (in.read() >= 0) {
                  // keep reading
                }
              });
      assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("reset"), e.toString());
    }
  }

  @Test
  void contentLengthThatLies() throws Exception {
    server = HostileHttpServer.plain();
    byte[] json = "{\"connector\":\"abcdef\"}".getBytes(StandardCharsets.UTF_8);
    server.otherwise(Respond.lyingLength(json, json.length + 100));
    assertThrows(IOException.class, () -> get("/"), "declares more than it sends, then closes");
    server.otherwise(Respond.lyingLength(json, 10));
    assertEquals(
        "{\"connecto",
        new String(get("/").body(), StandardCharsets.UTF_8),
        "declares less: the client reads only the declared bytes");
  }

  @Test
  void hangEndsWhenTheBehaviourIsSwitched() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(new Hang());
    // A raw socket: java.net.http would silently retry the GET on the closed connection.
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(700);
      assertThrows(
          java.net.SocketTimeoutException.class,
          () -> s.getInputStream().read(),
          "no answer while hanging");
      assertEquals(1, server.requests(), "the request was read");
      server.otherwise(Respond.json("{}"));
      s.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertEquals(-1, s.getInputStream().read(), "closed without an answer once switched");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "promptly");
    }
  }

  @Test
  void endlessBodyStreamsUntilClosed() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(new Endless(Duration.ofMillis(5)));
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("chunked", r.headers().firstValue("transfer-encoding").orElseThrow());
    try (InputStream in = r.body()) {
      byte[] start = in.readNBytes(20);
      assertEquals("{\"a\":[1,1,1,1,1,1,1,", new String(start, StandardCharsets.UTF_8));
      server.close();
      assertThrows(IOException.class, () -> in.readNBytes(1_000_000), "cut when the server closes");
    }
  }

  @Test
  void hugeIsStreamedValidJsonOfAtLeastTheSize() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(new Huge("{", i -> "\"c" + i + "\":{\"n\":" + i + "}", "}", 3_000_000));
    HttpResponse<byte[]> r = get("/");
    assertTrue(r.body().length >= 3_000_000, "size " + r.body().length);
    JsonNode tree = new ObjectMapper().readTree(r.body());
    assertEquals(7, tree.get("c7").get("n").asInt());
  }

  @Test
  void gzipBombInflatesFarBeyondItsSize() throws Exception {
    byte[] bomb = HostileHttpServer.gzipBomb(50_000_000, "{}".getBytes(StandardCharsets.UTF_8));
    assertTrue(bomb.length < 200_000, "compressed " + bomb.length);
    long inflated = 0;
    byte[] last = new byte[2];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bomb))) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        inflated += n;
        if (n >= 2) {
          System.arraycopy(buf, n - 2, last, 0, 2);
        }
      }
    }
    assertEquals(50_000_002, inflated);
    assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), last);
  }

  @Test
  void tlsHelloToThePlainServerIsRejectedAndClosed() throws Exception {
    server = HostileHttpServer.plain();
    server.otherwise(Respond.json("{}"));
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
              return new java.security.cert.X509Certificate[0];
            }
          }
        },
        null);
    try (SSLSocket s =
        (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      assertThrows(IOException.class, s::startHandshake);
    }
    assertEquals(1, server.rejectedConnections());
    assertEquals(0, server.requests());
  }

  @Test
  void plainHttpToTheTlsServerGetsNoHttpAnswer(@TempDir Path dir) throws Exception {
    server = HostileHttpServer.tls(HostileHttpServer.selfSigned(dir));
    server.otherwise(Respond.json("{}"));
    assertTrue(server.url().startsWith("https://"), server.url());
    assertThrows(
        IOException.class,
        () ->
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.rejectedConnections() == 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertEquals(1, server.rejectedConnections(), "the failed handshake is counted");
  }
}
