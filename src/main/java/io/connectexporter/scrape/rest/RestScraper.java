package io.connectexporter.scrape.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one cluster's REST API: one {@code GET /connectors?expand=status&expand=info} per poll
 * (Connect 2.3+), falling back to per-connector calls on older workers. {@code GET /} (version,
 * Kafka cluster id) is asked once and then every {@link #SERVER_INFO_EVERY_POLLS} polls. URLs are
 * tried in order; the one that answered is tried first next time.
 */
public final class RestScraper {

  static final int SERVER_INFO_EVERY_POLLS = 40;
  private static final Logger log = LoggerFactory.getLogger(RestScraper.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final HttpGetter http;
  private int preferred;
  private int pollsSinceServerInfo = Integer.MAX_VALUE;
  private String[] serverInfo;
  private boolean legacy;

  public RestScraper(ClusterConfig cluster, HttpGetter http) {
    this.urls = cluster.restUrls();
    this.http = http;
  }

  /** The result of one poll: the snapshot, or the error of the last URL tried, and which URL. */
  public record Result(RestSnapshot snapshot, URI url, ScrapeException error, double seconds) {
  }

  public Result poll() {
    ScrapeException last = null;
    URI lastUrl = urls.get(preferred);
    long start = System.nanoTime();
    for (int i = 0; i < urls.size(); i++) {
      int index = (preferred + i) % urls.size();
      URI base = urls.get(index);
      try {
        RestSnapshot snapshot = pollOnce(base);
        if (index != preferred) {
          log.info("REST of cluster now read from {}", base);
          preferred = index;
        }
        return new Result(snapshot, base, null, seconds(start));
      } catch (ScrapeException e) {
        last = e;
        lastUrl = base;
        log.warn("{}", e.getMessage());
      }
    }
    return new Result(null, lastUrl, last, seconds(start));
  }

  private RestSnapshot pollOnce(URI base) throws ScrapeException {
    if (serverInfo == null || ++pollsSinceServerInfo >= SERVER_INFO_EVERY_POLLS) {
      serverInfo = RestParser.serverInfo(getJson(base, "/"));
      pollsSinceServerInfo = 0;
    }
    List<ConnectorView> connectors = legacy ? perConnector(base) : expanded(base);
    return new RestSnapshot(serverInfo[0], serverInfo[1], serverInfo[2], connectors);
  }

  private List<ConnectorView> expanded(URI base) throws ScrapeException {
    JsonNode root = getJson(base, "/connectors?expand=status&expand=info");
    if (root.isArray()) {
      // Connect before 2.3 ignores "expand" and lists names only.
      log.info("{} does not support ?expand (Connect < 2.3): using one status and info call per connector", base);
      legacy = true;
      return perConnector(base, root);
    }
    try {
      return RestParser.expanded(root);
    } catch (RuntimeException e) {
      throw ScrapeException.unparsable(base.toString(), e.getMessage(), e);
    }
  }

  private List<ConnectorView> perConnector(URI base) throws ScrapeException {
    return perConnector(base, getJson(base, "/connectors"));
  }

  private List<ConnectorView> perConnector(URI base, JsonNode names) throws ScrapeException {
    List<ConnectorView> connectors = new ArrayList<>();
    for (JsonNode n : names) {
      String name = n.asText();
      String path = "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
      try {
        connectors.add(RestParser.connector(name, getJson(base, path + "/status"), getJson(base, path)));
      } catch (ScrapeException e) {
        if (!"http_404".equals(e.reason())) {
          throw e;
        }
        // Deleted between the list and this call: skip it, as the expand call does.
      }
    }
    return connectors;
  }

  private JsonNode getJson(URI base, String path) throws ScrapeException {
    String url = strip(base) + path;
    byte[] body = http.get(url);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw ScrapeException.unparsable(url, e.getClass().getSimpleName(), e);
    }
  }

  private static String strip(URI base) {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
