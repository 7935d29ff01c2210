package io.connectexporter.control;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.control.ConnectRequestException.Failure;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.sources.rest.RestParser;
import io.connectexporter.sources.rest.RestPaths;
import io.connectexporter.sources.rest.RestScraper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads and changes one Connect cluster through its REST API, with the cluster's configured auth,
 * TLS and timeouts: what the commands use, and what an automatic restart in the daemon can use.
 *
 * <p>Requests go to the cluster's REST URLs in order, the one that last answered first (any worker
 * forwards a change to the leader). A URL that could not be connected to is skipped for the next;
 * any other failure of a change is final, since a change that timed out may still have been
 * applied. Every request ends within {@code rest.connect-timeout + rest.request-timeout}.
 *
 * <p>Failures are {@link ConnectRequestException}s whose messages never hold a connector config.
 * Thread-safe.
 */
public final class ConnectClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "connect-client-deadlines");
            t.setDaemon(true);
            return t;
          });

  private final ClusterConfig cluster;
  private final HttpGetter http;
  private final boolean ownsHttp;
  private final Duration requestDeadline;
  private final RestScraper scraper;
  private volatile int preferred;

  /** A client on a connection pool of its own, closed by {@link #close()}. */
  public static ConnectClient open(ClusterConfig cluster) {
    return new ConnectClient(cluster, new HttpGetter(cluster.rest(), 4), true);
  }

  /** A client sharing the caller's pool (which the caller closes). */
  public ConnectClient(ClusterConfig cluster, HttpGetter http) {
    this(cluster, http, false);
  }

  private ConnectClient(ClusterConfig cluster, HttpGetter http, boolean ownsHttp) {
    this.cluster = cluster;
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.requestDeadline = cluster.rest().connectTimeout().plus(cluster.rest().requestTimeout());
    this.scraper = new RestScraper(cluster, http);
  }

  public String clusterName() {
    return cluster.name();
  }

  // ---------------------------------------------------------------- reads

  /**
   * Every connector with its status and tasks ({@code GET /connectors?expand=status&expand=info},
   * the poll's own call), and the Connect version.
   */
  public RestSnapshot status() throws ConnectRequestException {
    Cancellation cancellation = new Cancellation();
    Duration budget = requestDeadline.multipliedBy(cluster.restUrls().size());
    ScheduledFuture<?> deadline =
        DEADLINES.schedule(cancellation::cancel, budget.toMillis(), TimeUnit.MILLISECONDS);
    try {
      RestScraper.Result result = scraper.poll(cancellation, budget);
      if (result.error() != null) {
        throw fromScrape(result.error());
      }
      return result.snapshot();
    } finally {
      deadline.cancel(false);
    }
  }

  /** The Connect version from {@code GET /}. */
  public String version() throws ConnectRequestException {
    return RestParser.serverInfo(json(call("GET", "/", null, true, List.of()))).version();
  }

  /**
   * The connector's configuration, or empty when there is no such connector. Holds secrets: never
   * print it.
   */
  public Optional<Map<String, String>> config(String connector) throws ConnectRequestException {
    try {
      return Optional.of(
          JSON.convertValue(
              json(call("GET", RestPaths.connector(connector) + "/config", null, true, List.of())),
              STRING_MAP));
    } catch (ConnectRequestException e) {
      if (e.failure() == Failure.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConnectRequestException(
          Failure.BAD_ANSWER, 200, "the config of " + connector + " is not a JSON object");
    }
  }

  // ---------------------------------------------------------------- changes

  /**
   * {@code POST /connectors/X/restart?includeTasks=true&onlyFailed=...} (Connect 3.0+, see {@link
   * ConnectVersion#restartsConnectorAndTasksInOneCall}): Connect accepts the request (202) and
   * restarts asynchronously.
   *
   * @return the connector as Connect answered: what it restarts is RESTARTING; null when the answer
   *     had no readable status
   */
  public ConnectorView restartConnectorAndTasks(String connector, boolean onlyFailed)
      throws ConnectRequestException {
    byte[] body =
        call(
            "POST",
            RestPaths.connector(connector) + "/restart?includeTasks=true&onlyFailed=" + onlyFailed,
            null,
            false,
            List.of());
    try {
      return RestParser.connector(connector, JSON.readTree(body), JSON.createObjectNode());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code POST /connectors/X/restart}: the connector only (not its tasks), on every version. */
  public void restartConnector(String connector) throws ConnectRequestException {
    call("POST", RestPaths.connector(connector) + "/restart", null, false, List.of());
  }

  /** {@code POST /connectors/X/tasks/N/restart}. */
  public void restartTask(String connector, int task) throws ConnectRequestException {
    call(
        "POST",
        RestPaths.connector(connector) + "/tasks/" + task + "/restart",
        null,
        false,
        List.of());
  }

  /** {@code PUT /connectors/X/pause} (Connect pauses asynchronously). */
  public void pause(String connector) throws ConnectRequestException {
    call("PUT", RestPaths.connector(connector) + "/pause", null, false, List.of());
  }

  /** {@code PUT /connectors/X/resume} (asynchronous). */
  public void resume(String connector) throws ConnectRequestException {
    call("PUT", RestPaths.connector(connector) + "/resume", null, false, List.of());
  }

  /** {@code PUT /connectors/X/stop} (Connect 3.5+; older workers answer 404). */
  public void stop(String connector) throws ConnectRequestException {
    call("PUT", RestPaths.connector(connector) + "/stop", null, false, List.of());
  }

  /** {@code DELETE /connectors/X}. */
  public void delete(String connector) throws ConnectRequestException {
    call("DELETE", RestPaths.connector(connector), null, false, List.of());
  }

  /** {@code POST /connectors} with the name and config; 409 when it exists already. */
  public void create(String connector, Map<String, String> config) throws ConnectRequestException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", connector);
    body.set("config", JSON.valueToTree(config));
    call("POST", "/connectors", bytes(body), false, ConnectErrorMessage.maskedValues(config));
  }

  /**
   * {@code PUT /connectors/X/config}: replaces the whole config (creates the connector if absent).
   */
  public void updateConfig(String connector, Map<String, String> config)
      throws ConnectRequestException {
    call(
        "PUT",
        RestPaths.connector(connector) + "/config",
        bytes(JSON.valueToTree(config)),
        false,
        ConnectErrorMessage.maskedValues(config));
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Sends the request and returns the body of a 2xx answer.
   *
   * @param idempotent a read, which may be retried on the next URL after any failure to get an
   *     answer
   * @param secrets values to mask out of Connect's error message (the config we sent)
   */
  private byte[] call(
      String method, String path, byte[] body, boolean idempotent, Collection<String> secrets)
      throws ConnectRequestException {
    List<URI> urls = cluster.restUrls();
    ScrapeException last = null;
    int first = preferred;
    for (int i = 0; i < urls.size(); i++) {
      int index = (first + i) % urls.size();
      String url = RestPaths.url(urls.get(index), path);
      Cancellation cancellation = new Cancellation();
      ScheduledFuture<?> deadline =
          DEADLINES.schedule(
              cancellation::cancel, requestDeadline.toMillis(), TimeUnit.MILLISECONDS);
      HttpGetter.Answer answer;
      try {
        answer = http.send(method, url, body, cancellation);
      } catch (ScrapeException e) {
        last = e;
        if (idempotent || neverReached(e)) {
          continue;
        }
        throw fromScrape(e);
      } finally {
        deadline.cancel(false);
      }
      preferred = index;
      if (answer.status() / 100 == 2) {
        return answer.body();
      }
      throw new ConnectRequestException(
          ConnectRequestException.ofStatus(answer.status()),
          answer.status(),
          method
              + " "
              + path
              + " answered HTTP "
              + answer.status()
              + ConnectErrorMessage.of(answer.status(), path, answer.body(), secrets));
    }
    throw fromScrape(last);
  }

  /** The request never left: no connection was made, so the next URL may take it. */
  private static boolean neverReached(ScrapeException e) {
    return "refused".equals(e.reason()) || "unknown_host".equals(e.reason());
  }

  private static ConnectRequestException fromScrape(ScrapeException e) {
    String reason = e.reason();
    if (reason.startsWith("http_")) {
      int status = Integer.parseInt(reason.substring("http_".length()));
      return new ConnectRequestException(
          ConnectRequestException.ofStatus(status), status, e.getMessage());
    }
    Failure failure =
        "unparsable".equals(reason) || "too_large".equals(reason)
            ? Failure.BAD_ANSWER
            : Failure.UNREACHABLE;
    return new ConnectRequestException(failure, 0, e.getMessage());
  }

  private static JsonNode json(byte[] body) throws ConnectRequestException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ConnectRequestException(Failure.BAD_ANSWER, 200, "the answer is not JSON");
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (ownsHttp) {
      http.close();
    }
  }
}
