package io.connectexporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.connectexporter.metrics.SnapshotStore;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: the Prometheus text format (what Prometheus asks for unless told otherwise)
 * is served from the bytes the {@link SnapshotStore} rendered at publish time, followed by the few
 * series computed at scrape time (snapshot age, build info), each part gzipped when asked (a
 * multi-member gzip stream). OpenMetrics, protobuf and {@code name[]} filters go to the client
 * library's handler, which renders the same snapshot live.
 */
final class CachedMetricsHandler implements HttpHandler {

  private static final String TEXT = io.connectexporter.metrics.TextExposition.CONTENT_TYPE;

  private final SnapshotStore store;
  private final MultiCollector scrapeTime;
  private final HttpHandler live;

  CachedMetricsHandler(SnapshotStore store, MultiCollector scrapeTime, HttpHandler live) {
    this.store = store;
    this.scrapeTime = scrapeTime;
    this.live = live;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String query = exchange.getRequestURI().getRawQuery();
    if ((accept != null && (accept.contains("openmetrics") || accept.contains("protobuf")))
        || (query != null && !query.isEmpty())) {
      live.handle(exchange);
      return;
    }
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      SnapshotStore.Rendered rendered = store.rendered();
      ByteArrayOutputStream tail = new ByteArrayOutputStream(512);
      PrometheusTextFormatWriter.create().write(tail, scrapeTime.collect()); // a few series, live
      String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      boolean gzip = encoding != null && encoding.contains("gzip");
      byte[] head = gzip ? rendered.gzippedText() : rendered.text();
      byte[] rest = gzip ? gzip(tail.toByteArray()) : tail.toByteArray();
      exchange.getResponseHeaders().set("Content-Type", TEXT);
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      boolean headOnly = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, headOnly ? -1 : head.length + rest.length);
      if (!headOnly) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(head);
          out.write(rest);
        }
      }
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
