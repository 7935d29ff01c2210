package io.connectexporter.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small Kafka Connect REST client for tests. Each call goes to a live worker chosen by the
 * supplier (any worker forwards to the leader where needed). HTTP 409 (rebalance in progress) and
 * Connect's 500 "a rebalance is expected" are retried for a while; other failures throw {@link
 * ConnectRestException} with status and body.
 */
public final class ConnectorAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RETRY_409_FOR = Duration.ofSeconds(60);

  private final Supplier<String> baseUrl;
  private final HttpClient http;

  /** The Authorization header of every call, or null. */
  private final String authorization;

  /**
   * @param baseUrl gives the REST URL of a live worker, e.g. {@code http://127.0.0.1:8083}
   */
  public ConnectorAdmin(Supplier<String> baseUrl) {
    this(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)), null);
  }

  /**
   * For a secured worker: {@code client} carries its TLS settings, {@code authorization} is sent
   * with every call (null: none).
   */
  public ConnectorAdmin(Supplier<String> baseUrl, HttpClient.Builder client, String authorization) {
    this.baseUrl = baseUrl;
    this.http = client.version(HttpClient.Version.HTTP_1_1).build();
    this.authorization = authorization;
  }

  public static ConnectorAdmin of(String restUrl) {
    return new ConnectorAdmin(() -> restUrl);
  }

  /** Thrown for a REST answer that is not 2xx. */
  public static final class ConnectRestException extends RuntimeException {
    private final int status;
    private final String body;

    ConnectRestException(String method, String path, int status, String body) {
      super(method + " " + path + " answered HTTP " + status + ": " + body);
      this.status = status;
      this.body = body;
    }

    public int status() {
      return status;
    }

    public String body() {
      return body;
    }
  }

  // ---------------------------------------------------------------- lifecycle calls

  /** Creates (or replaces) a connector: {@code PUT /connectors/NAME/config}. */
  public JsonNode create(String name, Map<String, String> config) {
    return call("PUT", "/connectors/" + enc(name) + "/config", config);
  }

  /** Same call as {@link #create}: Connect's config PUT is an upsert. */
  public JsonNode update(String name, Map<String, String> config) {
    return create(name, config);
  }

  public void pause(String name) {
    call("PUT", "/connectors/" + enc(name) + "/pause", null);
  }

  public void resume(String name) {
    call("PUT", "/connectors/" + enc(name) + "/resume", null);
  }

  /** {@code PUT /connectors/NAME/stop} (Connect 3.5+). */
  public void stop(String name) {
    call("PUT", "/connectors/" + enc(name) + "/stop", null);
  }

  public JsonNode restart(String name, boolean includeTasks, boolean onlyFailed) {
    return call(
        "POST",
        "/connectors/"
            + enc(name)
            + "/restart?includeTasks="
            + includeTasks
            + "&onlyFailed="
            + onlyFailed,
        null);
  }

  public void restartTask(String name, int task) {
    call("POST", "/connectors/" + enc(name) + "/tasks/" + task + "/restart", null);
  }

  public void delete(String name) {
    call("DELETE", "/connectors/" + enc(name), null);
  }

  /** Deletes if present; never throws for 404. */
  public void deleteQuietly(String name) {
    try {
      delete(name);
    } catch (ConnectRestException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  public List<String> list() {
    List<String> names = new ArrayList<>();
    call("GET", "/connectors", null).forEach(n -> names.add(n.asText()));
    return names;
  }

  /** {@code GET /connectors/NAME/status}. */
  public JsonNode status(String name) {
    return call("GET", "/connectors/" + enc(name) + "/status", null);
  }

  /** {@code GET /connectors?expand=status&expand=info}. */
  public JsonNode expandedStatus() {
    return call("GET", "/connectors?expand=status&expand=info", null);
  }

  public JsonNode config(String name) {
    return call("GET", "/connectors/" + enc(name) + "/config", null);
  }

  /** Any GET against the worker's REST API, e.g. {@code /connector-plugins}. */
  public JsonNode get(String path) {
    return call("GET", path, null);
  }

  // ---------------------------------------------------------------- waits

  /** Status JSON once the connector (not its tasks) is in {@code state}. */
  public JsonNode awaitConnectorState(String name, String state, Duration timeout) {
    return awaitStatus(
        name,
        "connector " + name + " in state " + state,
        timeout,
        s -> state.equals(s.path("connector").path("state").asText()));
  }

  /** Status JSON once task {@code taskId} of the connector is in {@code state}. */
  public JsonNode awaitTaskState(String name, int taskId, String state, Duration timeout) {
    return awaitStatus(
        name,
        "task " + name + "-" + taskId + " in state " + state,
        timeout,
        s -> state.equals(task(s, taskId).path("state").asText()));
  }

  /** Status JSON once the connector is RUNNING with exactly {@code n} tasks, all RUNNING. */
  public JsonNode awaitTasksRunning(String name, int n, Duration timeout) {
    return awaitStatus(
        name,
        "connector " + name + " RUNNING with " + n + " RUNNING tasks",
        timeout,
        s -> {
          if (!"RUNNING".equals(s.path("connector").path("state").asText())) {
            return false;
          }
          JsonNode tasks = s.path("tasks");
          if (tasks.size() != n) {
            return false;
          }
          for (JsonNode t : tasks) {
            if (!"RUNNING".equals(t.path("state").asText())) {
              return false;
            }
          }
          return true;
        });
  }

  /** Waits until the status satisfies {@code condition}; returns the status that did. */
  public JsonNode awaitStatus(
      String name, String description, Duration timeout, Predicate<JsonNode> condition) {
    Instant deadline = Instant.now().plus(timeout);
    JsonNode last = null;
    String lastError = null;
    while (true) {
      try {
        last = status(name);
        lastError = null;
        if (condition.test(last)) {
          return last;
        }
      } catch (ConnectRestException | IllegalStateException e) {
        lastError = e.getMessage();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting for "
                + description
                + "; last status: "
                + last
                + (lastError == null ? "" : "; last error: " + lastError));
      }
      sleep(250);
    }
  }

  public void awaitDeleted(String name) {
    awaitDeleted(name, Duration.ofSeconds(60));
  }

  public void awaitDeleted(String name, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        if (!list().contains(name)) {
          status(name); // 404 once really gone from this worker's view
        }
      } catch (ConnectRestException e) {
        if (e.status() == 404) {
          return;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("connector " + name + " still present after " + timeout);
      }
      sleep(250);
    }
  }

  /** The task entry of a status JSON, or a missing node. */
  public static JsonNode task(JsonNode status, int taskId) {
    for (JsonNode t : status.path("tasks")) {
      if (t.path("id").asInt(-1) == taskId) {
        return t;
      }
    }
    return MissingNode.getInstance();
  }

  // ---------------------------------------------------------------- plumbing

  private JsonNode call(String method, String pathAndQuery, Object body) {
    Instant retryUntil = Instant.now().plus(RETRY_409_FOR);
    while (true) {
      String base = baseUrl.get();
      HttpRequest.BodyPublisher publisher;
      try {
        publisher =
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(base + pathAndQuery))
              .timeout(Duration.ofSeconds(90))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .method(method, publisher);
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      HttpRequest request = builder.build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // the chosen worker may just have died; another may answer
        if (Instant.now().isBefore(retryUntil)) {
          sleep(500);
          continue;
        }
        throw new IllegalStateException(method + " " + base + pathAndQuery + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        String text = response.body();
        if (text == null || text.isBlank()) {
          return MissingNode.getInstance();
        }
        try {
          return JSON.readTree(text);
        } catch (IOException e) {
          throw new IllegalStateException(
              "unparsable answer to " + method + " " + pathAndQuery + ": " + text, e);
        }
      }
      // 409, or 500 "Request cannot be completed because a rebalance is expected" (seen on a
      // GET right after a config PUT): both pass once the rebalance is over
      boolean rebalancing =
          status == 409
              || (status == 500
                  && String.valueOf(response.body()).contains("rebalance is expected"));
      if (rebalancing && Instant.now().isBefore(retryUntil)) {
        sleep(500);
        continue;
      }
      throw new ConnectRestException(method, pathAndQuery, status, response.body());
    }
  }

  private static String enc(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
