package io.connectexporter.http;

import static io.connectexporter.http.Html.escape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.connectexporter.state.LatestPolls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The status page at {@code /}: one server-rendered HTML page, for a person, from the last
 * published poll of every cluster ({@link LatestPolls}); it never triggers or waits for a poll. No
 * script and no external asset (inline CSS only), so it works behind any proxy and offline; it
 * reloads itself every poll interval. Everything from Connect is escaped ({@link Html}).
 */
public final class StatusPage implements HttpHandler {

  private static final String CSS =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
      h1{font-size:1.4em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.5em 0 .3em;border-bottom:1px solid #ccc}
      h3{font-size:1em;margin:1em 0 .3em}
      table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
      th{background:#f3f3f3}.state-FAILED td{background:#fde2e2}.state-UNASSIGNED td,.state-RESTARTING td{background:#fff1d6}
      .down td{background:#fde2e2}.links a{margin-right:1em}
      .rest-down{background:#fde2e2;padding:4px 8px}.all-good{color:#17692f}.muted,.more{color:#666}
      """;

  private final List<String> clusters;
  private final LatestPolls latest;
  private final Function<String, AutoRestartStatus> autoRestart;
  private final long refreshSeconds;
  private final LongSupplier clock;
  private final String version;

  /**
   * @param clusters the configured clusters, in the order they are shown
   * @param autoRestart each cluster's auto-restart status
   * @param refresh how often the page reloads itself (the poll interval: nothing changes faster)
   */
  public StatusPage(
      List<String> clusters,
      LatestPolls latest,
      Function<String, AutoRestartStatus> autoRestart,
      Duration refresh,
      LongSupplier clock,
      String version) {
    this.clusters = List.copyOf(clusters);
    this.latest = latest;
    this.autoRestart = autoRestart;
    this.refreshSeconds = Math.max(1, refresh.toSeconds());
    this.clock = clock;
    this.version = version;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"/".equals(exchange.getRequestURI().getPath())) {
      ExporterHttpServer.text(exchange, 404, "Not found. Try / or /metrics.\n");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    ExporterHttpServer.send(exchange, 200, render().getBytes(StandardCharsets.UTF_8));
  }

  /** The whole page as of now (what each GET / costs: see HotPathBenchmarks.statusPage). */
  public String render() {
    long now = clock.getAsLong();
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(refreshSeconds)
        .append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Kafka Connect exporter</title><style>")
        .append(CSS)
        .append("</style></head><body>\n")
        .append(
            "<h1>Kafka Connect exporter</h1>\n<p class=\"links\"><a href=\"metrics\">/metrics</a>")
        .append("<a href=\"-/healthy\">/-/healthy</a><a href=\"-/ready\">/-/ready</a></p>\n")
        .append("<p class=\"muted\">Version ")
        .append(escape(version))
        .append(". Page made ")
        .append(ClusterSection.time(now))
        .append(" from the last completed poll of each cluster; it reloads every ")
        .append(refreshSeconds)
        .append(" s. \"For\" is how long a connector or task has been in its state, as ")
        .append("first seen by this exporter.</p>\n");
    for (String cluster : clusters) {
      ClusterSection.render(out, cluster, latest.latest(cluster), autoRestart.apply(cluster), now);
    }
    out.append("</body></html>\n");
    return out.toString();
  }
}
