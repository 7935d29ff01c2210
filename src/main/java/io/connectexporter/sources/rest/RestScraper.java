package io.connectexporter.sources.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.scrape.UnparsableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one cluster's REST API: one {@code GET /connectors?expand=status&expand=info} per poll
 * (Connect 2.3+), falling back to per-connector calls on older workers. {@code GET /} (version,
 * Kafka cluster id) is asked once and then every {@link #SERVER_INFO_EVERY_POLLS} polls. URLs are
 * tried in order; the one that answered is tried first next time. Each URL gets an equal share of
 * what is left of the poll's REST time as its read timeout, so that a worker that accepts
 * connections but never answers (frozen, swapping) leaves time to fail over to the next URL.
 * Synchronized: a poll cut at the deadline may still be unwinding on a pool thread when the next
 * one starts.
 */
public final class RestScraper {

  static final int SERVER_INFO_EVERY_POLLS = 40;
  private static final Logger log = LoggerFactory.getLogger(RestScraper.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final HttpGetter http;
  private int preferred;
  private int pollsSinceServerInfo = Integer.MAX_VALUE;
  private RestParser.ServerInfo serverInfo;
  private boolean legacy;

  public RestScraper(ClusterConfig cluster, HttpGetter http) {
    this.urls = cluster.restUrls();
    this.http = http;
  }

  /**
   * The result of one poll: the snapshot, or the error of the last URL tried, and which URL; {@code
   * malformedConnectors} entries were skipped from an otherwise good answer.
   */
  public record Result(
      RestSnapshot snapshot,
      URI url,
      ScrapeException error,
      int malformedConnectors,
      double seconds) {}

  public synchronized Result poll(Cancellation cancellation, Duration budget) {
    ScrapeException last = null;
    URI lastUrl = urls.get(preferred);
    long start = System.nanoTime();
    long end = start + budget.toNanos();
    for (int i = 0; i < urls.size() && !cancellation.cancelled(); i++) {
      int index = (preferred + i) % urls.size();
      URI base = urls.get(index);
      Duration share = Duration.ofNanos((end - System.nanoTime()) / (urls.size() - i));
      try {
        Polled polled = pollOnce(base, new Call(share, cancellation));
        if (index != preferred) {
          log.info("REST of cluster now read from {}", base);
          preferred = index;
        }
        return new Result(polled.snapshot, base, null, polled.malformed, seconds(start));
      } catch (ScrapeException e) {
        last = e;
        lastUrl = base;
      }
    }
    return new Result(null, lastUrl, last, 0, seconds(start));
  }

  private record Polled(RestSnapshot snapshot, int malformed) {}

  /**
   * What every request of one URL's attempt shares: its read timeout and the poll's cancellation.
   */
  private record Call(Duration readTimeout, Cancellation cancellation) {}

  private Polled pollOnce(URI base, Call call) throws ScrapeException {
    if (serverInfo == null || ++pollsSinceServerInfo >= SERVER_INFO_EVERY_POLLS) {
      serverInfo = RestParser.serverInfo(getJson(base, "/", call));
      pollsSinceServerInfo = 0;
    }
    RestParser.Expanded expanded =
        legacy
            ? perConnector(base, getJson(base, "/connectors", call), call)
            : expanded(base, call);
    return new Polled(
        new RestSnapshot(
            serverInfo.version(),
            serverInfo.commit(),
            serverInfo.kafkaClusterId(),
            expanded.connectors()),
        expanded.malformed());
  }

  private RestParser.Expanded expanded(URI base, Call call) throws ScrapeException {
    RestParser.Expanded expanded =
        http.get(
            RestPaths.url(base, "/connectors?expand=status&expand=info"),
            call.readTimeout(),
            call.cancellation(),
            RestParser::expanded);
    if (expanded.legacyNames() != null) {
      // Connect before 2.3 ignores "expand" and lists names only.
      log.info(
          "{} does not support ?expand (Connect < 2.3): using one status and info call per connector",
          base);
      legacy = true;
      return perConnector(base, JSON.valueToTree(expanded.legacyNames()), call);
    }
    return expanded;
  }

  private RestParser.Expanded perConnector(URI base, JsonNode names, Call call)
      throws ScrapeException {
    List<ConnectorView> connectors = new ArrayList<>();
    int malformed = 0;
    for (JsonNode n : names) {
      String name = n.asText();
      String path = RestPaths.connector(name);
      try {
        connectors.add(
            RestParser.connector(
                name, getJson(base, path + "/status", call), getJson(base, path, call)));
      } catch (IllegalArgumentException e) {
        malformed++;
      } catch (ScrapeException e) {
        if (!"http_404".equals(e.reason())) {
          throw e;
        }
        // Deleted between the list and this call: skip it, as the expand call does.
      }
    }
    connectors.sort(java.util.Comparator.comparing(ConnectorView::name));
    return new RestParser.Expanded(connectors, malformed, null);
  }

  private JsonNode getJson(URI base, String path, Call call) throws ScrapeException {
    return http.get(
        RestPaths.url(base, path),
        call.readTimeout(),
        call.cancellation(),
        in -> {
          JsonNode node = JSON.readTree(in);
          if (node == null || node.isMissingNode()) {
            throw new UnparsableException("empty answer");
          }
          return node;
        });
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
