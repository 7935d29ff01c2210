package io.connectexporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SnapshotStore;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (Prometheus text from pre-rendered bytes; OpenMetrics or protobuf by
 * content negotiation via the client library's handler; gzip when asked), {@code /-/healthy} and
 * {@code /-/ready} (every cluster published a first poll) and {@code /-/healthy} (every cluster's
 * poll loop completed a poll recently: see {@link PollHealth}).
 *
 * <p>TLS and basic auth ({@code exporter.listen}) come with the server {@link EndpointSecurity}
 * makes: every context created on it is protected, and the handlers know nothing of either.
 *
 * <p>Built on the JDK's HTTP server, which stalls ~40 ms per response on kept-alive connections
 * unless {@code sun.net.httpserver.nodelay} is set before its first use: {@link #start} sets it.
 */
public final class ExporterHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private ExporterHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Serves over HTTP or HTTPS, with basic auth or not, as {@code security} says. */
  public static ExporterHttpServer start(
      String host,
      int port,
      EndpointSecurity security,
      SnapshotStore store,
      PollHealth health,
      MultiCollector scrapeTime,
      StatusPage statusPage)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    // The store's last rendering as the client library's snapshots: OpenMetrics, protobuf, name[]
    // filters.
    registry.register(() -> store.rendered().snapshots());
    registry.register(scrapeTime);
    BooleanSupplier ready = store::ready;
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = security.createServer(new InetSocketAddress(host, port), 64);
    server.createContext(
        "/metrics", new CachedMetricsHandler(store, scrapeTime, new MetricsHandler(registry)));
    server.createContext(
        "/-/healthy",
        exchange -> {
          Set<String> stalled = health.stalled();
          if (stalled.isEmpty()) {
            text(exchange, 200, "Exporter is healthy.\n");
          } else {
            text(
                exchange,
                503,
                "Exporter is unhealthy: no poll completed recently for cluster(s) "
                    + stalled
                    + " (see kafka_connect_exporter_poll_failures_total and the log).\n");
          }
        });
    server.createContext(
        "/-/ready",
        exchange -> {
          if (ready.getAsBoolean()) {
            text(exchange, 200, "Exporter is ready.\n");
          } else {
            text(
                exchange,
                503,
                "Exporter is not ready: waiting for the first complete poll of cluster(s) "
                    + store.notYetPublished()
                    + ".\n");
          }
        });
    server.createContext("/", statusPage);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new ExporterHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
