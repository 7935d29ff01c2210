package io.connectexporter.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.connectexporter.metrics.ExpositionFormat;
import io.connectexporter.metrics.RenderedSeries;
import io.connectexporter.metrics.SnapshotStore;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: the Prometheus text format, and OpenMetrics (what Prometheus asks for first on
 * every scrape, with gzip), are served from gzipped bytes the {@link SnapshotStore} rendered once
 * per publish (inflated on the way for a client that does not take gzip), followed by the few
 * series computed at scrape time (snapshot age, build info, failed polls), each part gzipped when
 * asked (a multi-member gzip stream). Protobuf and {@code name[]} filters go to the client
 * library's handler, which renders the same snapshot live. OpenMetrics, protobuf and filters are
 * served only while the snapshot is small enough for the client library's snapshots (see {@link
 * RenderedSeries#LIVE_FORMATS_MAX_SERIES}); past it they get the text format too.
 */
final class CachedMetricsHandler implements HttpHandler {

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
    boolean filtered = query != null && !query.isEmpty();
    boolean protobuf = accept != null && accept.contains("protobuf");
    if ((filtered || protobuf) && rendered.liveFormatsAllowed()) {
      live.handle(exchange);
      return;
    }
    // What Prometheus asks for on every scrape (OpenMetrics first): pre-rendered too.
    boolean openMetrics =
        !filtered
            && !protobuf
            && accept != null
            && accept.contains("openmetrics")
            && rendered.liveFormatsAllowed();
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      ByteArrayOutputStream tail = new ByteArrayOutputStream(512);
      // A few series, live; OpenMetrics' writer ends the exposition with its "# EOF".
      (openMetrics ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create())
          .write(tail, scrapeTime.collect());
      String encoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      boolean gzip = encoding != null && encoding.contains("gzip");
      byte[] rest = gzip ? gzip(tail.toByteArray()) : tail.toByteArray();
      byte[] gzippedHead = openMetrics ? rendered.gzippedOpenMetrics() : rendered.gzippedText();
      long headLength =
          gzip
              ? gzippedHead.length
              : openMetrics ? rendered.openMetricsLength() : rendered.textLength();
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              (openMetrics ? ExpositionFormat.OPENMETRICS : ExpositionFormat.TEXT).contentType());
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      boolean headOnly = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, headOnly ? -1 : headLength + rest.length);
      if (!headOnly) {
        try (OutputStream out = exchange.getResponseBody()) {
          if (gzip) {
            out.write(gzippedHead);
          } else {
            try (InputStream text = openMetrics ? rendered.openMetricsText() : rendered.text()) {
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
