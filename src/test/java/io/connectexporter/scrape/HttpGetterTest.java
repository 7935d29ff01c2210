package io.connectexporter.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.connectexporter.config.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers are read through a cap on their decompressed size, over real HTTP. */
class HttpGetterTest {

  private static final int CAP = 64 * 1024;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve(byte[] body, boolean gzip) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (java.io.IOException e) {
            // the client stopped reading at its cap
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private static long readAll(InputStream in) throws java.io.IOException {
    long n = 0;
    byte[] buffer = new byte[8192];
    for (int r; (r = in.read(buffer)) >= 0; ) {
      n += r;
    }
    return n;
  }

  private static ScrapeException fetch(String url) throws Exception {
    try (HttpGetter getter =
        new HttpGetter(
            new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, false, CAP),
            2)) {
      return assertThrows(
          ScrapeException.class,
          () ->
              getter.get(url, Duration.ofMinutes(1), Cancellation.none(), HttpGetterTest::readAll));
    }
  }

  @Test
  void anAnswerOverTheCapIsTooLarge() throws Exception {
    ScrapeException e = fetch(serve(new byte[CAP + 1], false));
    assertEquals("too_large", e.reason());
    assertTrue(e.getMessage().contains(Integer.toString(CAP)), e.getMessage());
  }

  @Test
  void aGzipBombIsCutAtTheCapOfItsDecompressedSize() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        gz.write(spaces); // 64 MiB of spaces in ~64 KiB
      }
    }
    assertTrue(compressed.size() < CAP, "the compressed body itself is under the cap");
    assertEquals("too_large", fetch(serve(compressed.toByteArray(), true)).reason());
  }

  @Test
  void gzipThatLiesIsUnparsable() throws Exception {
    assertEquals("unparsable", fetch(serve("{\"not\": \"gzip\"}".getBytes(), true)).reason());
  }

  @Test
  void underTheCapTheBodyIsReadWhole() throws Exception {
    String url = serve(new byte[CAP], false);
    try (HttpGetter getter =
        new HttpGetter(
            new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, false, CAP),
            2)) {
      assertEquals(
          CAP,
          getter.get(url, Duration.ofMinutes(1), Cancellation.none(), HttpGetterTest::readAll));
    }
  }
}
