package io.connectexporter.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Minimal Jolokia client for tests: search and read against one worker's agent. */
public final class JolokiaProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String url;

  public JolokiaProbe(String jolokiaUrl) {
    this.url = jolokiaUrl;
  }

  public static JolokiaProbe of(ConnectWorker worker) {
    return new JolokiaProbe(worker.jolokiaUrl());
  }

  /** MBean names matching the pattern (empty if none). */
  public List<String> search(String pattern) {
    ObjectNode req = JSON.createObjectNode().put("type", "search").put("mbean", pattern);
    JsonNode answer = post(req);
    List<String> names = new ArrayList<>();
    if (answer.path("status").asInt() == 200) {
      answer.path("value").forEach(n -> names.add(n.asText()));
    }
    return names;
  }

  /** One attribute's value, or null if the MBean (or attribute) does not exist. */
  public JsonNode read(String mbean, String attribute) {
    ObjectNode req =
        JSON.createObjectNode().put("type", "read").put("mbean", mbean).put("attribute", attribute);
    JsonNode answer = post(req);
    return answer.path("status").asInt() == 200 ? answer.path("value") : null;
  }

  /** Every attribute of one MBean (name to value), or null if the MBean does not exist. */
  public JsonNode readAll(String mbean) {
    JsonNode answer = post(JSON.createObjectNode().put("type", "read").put("mbean", mbean));
    return answer.path("status").asInt() == 200 ? answer.path("value") : null;
  }

  /** A string attribute, or null if absent. */
  public String readString(String mbean, String attribute) {
    JsonNode v = read(mbean, attribute);
    return v == null || v.isNull() ? null : v.asText();
  }

  private JsonNode post(JsonNode body) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "Jolokia " + url + " answered HTTP " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("Jolokia " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
