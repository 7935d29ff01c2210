package io.connectexporter.scrape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that replays answers (captured from the real cluster) or
 * misbehaves on purpose (status codes, garbage, delays), for the scrapers' error handling.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** What to answer for a path. */
  public record Answer(int status, byte[] body, long delayMillis) {
    public static Answer ok(byte[] body) {
      return new Answer(200, body, 0);
    }

    public static Answer ok(String body) {
      return ok(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> log = new CopyOnWriteArrayList<>();

  public LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "local-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers for a path, with its query (e.g. "/connectors?expand=status&expand=info"). */
  public LocalHttpServer on(String pathAndQuery, Answer answer) {
    answers.put(pathAndQuery, answer);
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  /** Every request so far, in order: "METHOD /path?query" as sent (raw, still encoded). */
  public List<String> log() {
    return List.copyOf(log);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    String key =
        exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + exchange.getRequestURI().getRawQuery());
    log.add(exchange.getRequestMethod() + " " + key);
    Answer answer =
        answers.getOrDefault(key, new Answer(404, "{}".getBytes(StandardCharsets.UTF_8), 0));
    try {
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (deadline): fine
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
