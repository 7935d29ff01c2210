package io.connectexporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.connectexporter.metrics.RenderedSeries;
import io.connectexporter.metrics.SnapshotStore;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: the Prometheus text format (what Prometheus asks for unless told otherwise)
 * is served from the gzipped bytes the {@link SnapshotStore} rendered at publish time (inflated on
 * the way for a client that does not take gzip), followed by the few series computed at scrape
 * time (snapshot age, build info, failed polls), each part gzipped when asked (a multi-member gzip
 * stream). OpenMetrics, protobuf and {@code name[]} filters go to the client library's handler,
 * which renders the same snapshot live, while the snapshot is small enough for that (see
 * {@link RenderedSeries#LIVE_FORMATS_MAX_SERIES}); past it they get the text format too.
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
    RenderedSeries rendered = store.rendered();
    if (((accept != null && (accept.contains("openmetrics") || accept.contains("protobuf")))
        || (query != null && !query.isEmpty())) && rendered.liveFormatsAllowed()) {
      live.handle(exchange);
      return;
    }
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      ByteArrayOutputStream tail = new ByteArrayOutputStream(512);
      PrometheusTextFormatWriter.create().write(tail, scrapeTime.collect()); // a few series, live
      String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      boolean gzip = encoding != null && encoding.contains("gzip");
      byte[] rest = gzip ? gzip(tail.toByteArray()) : tail.toByteArray();
      long headLength = gzip ? rendered.gzippedText().length : rendered.textLength();
      exchange.getResponseHeaders().set("Content-Type", TEXT);
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      boolean headOnly = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, headOnly ? -1 : headLength + rest.length);
      if (!headOnly) {
        try (OutputStream out = exchange.getResponseBody()) {
          if (gzip) {
            out.write(rendered.gzippedText());
          } else {
            try (InputStream text = rendered.text()) {
              text.transferTo(out);
            }
          }
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
