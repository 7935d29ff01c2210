package io.connectexporter.sources.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.model.ConfigFacts;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import io.connectexporter.scrape.UnparsableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses Connect REST answers into the model. Connector configs are read only for the few facts we
 * export (class, tasks.max, error handling) and dropped right here: they hold secrets.
 *
 * <p>The expand answer is streamed: one connector's entry is a JSON tree at a time, so a 60 000
 * connector answer never becomes one tree, and an entry of the wrong shape is skipped (and counted)
 * without losing the others.
 */
public final class RestParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  /**
   * A state is an upper-case word (RUNNING, a newer Connect's new state); anything else is UNKNOWN.
   */
  private static final Pattern STATE = Pattern.compile("[A-Z][A-Z_]{0,31}");

  private static final Pattern TYPE = Pattern.compile("[a-z]{1,32}");

  private RestParser() {}

  /**
   * The expand call's answer: connectors sorted by name, and how many entries were malformed and
   * skipped. {@code legacyNames} is set instead when the worker ignored {@code ?expand} (Connect
   * before 2.3 lists names only).
   */
  public record Expanded(List<ConnectorView> connectors, int malformed, List<String> legacyNames) {}

  /** Connect version, commit and Kafka cluster id from {@code GET /}. */
  public record ServerInfo(String version, String commit, String kafkaClusterId) {}

  /** {@code GET /connectors?expand=status&expand=info}: an object keyed by connector name. */
  public static Expanded expanded(InputStream body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        List<String> names = new ArrayList<>();
        for (JsonNode n : (JsonNode) JSON.readTree(p)) {
          names.add(n.asText());
        }
        return new Expanded(List.of(), 0, names);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new UnparsableException(
            "expected a JSON object keyed by connector name, got " + first);
      }
      // Keyed by name: a name sent twice (duplicate JSON keys) counts once, the last one wins.
      Map<String, ConnectorView> byName = new LinkedHashMap<>();
      int malformed = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        JsonNode entry = JSON.readTree(p);
        try {
          JsonNode info = entry.path("info");
          byName.put(
              name,
              connector(
                  name,
                  field(entry, "status"),
                  info.isMissingNode() ? JSON.createObjectNode() : field(entry, "info")));
        } catch (IllegalArgumentException e) {
          malformed++;
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new UnparsableException(
            "expected the end of the connector object, got " + p.currentToken());
      }
      List<ConnectorView> connectors = new ArrayList<>(byName.values());
      connectors.sort(Comparator.comparing(ConnectorView::name));
      return new Expanded(connectors, malformed, null);
    }
  }

  /**
   * One connector from its status ({@code /connectors/X/status}) and info ({@code /connectors/X}).
   *
   * @throws IllegalArgumentException when the entry does not have the shape Connect gives it
   */
  public static ConnectorView connector(String name, JsonNode status, JsonNode info) {
    JsonNode conn = field(status, "connector");
    Map<String, String> config = new HashMap<>();
    JsonNode configNode = info.path("config");
    if (!configNode.isMissingNode() && !configNode.isObject()) {
      throw new IllegalArgumentException("config is not an object");
    }
    configNode.fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
    String type = text(status.path("type"));
    if (type == null) {
      type = text(info.path("type"));
    }
    JsonNode taskNodes = status.path("tasks");
    if (!taskNodes.isMissingNode() && !taskNodes.isArray()) {
      throw new IllegalArgumentException("tasks is not an array");
    }
    List<TaskView> tasks = new ArrayList<>();
    for (JsonNode t : taskNodes) {
      if (!t.isObject() || !t.path("id").canConvertToInt()) {
        throw new IllegalArgumentException("a task without a numeric id");
      }
      tasks.add(
          new TaskView(
              t.path("id").asInt(),
              state(t.path("state")),
              nonNull(text(t.path("worker_id"))),
              text(t.path("trace"))));
    }
    tasks.sort(Comparator.comparingInt(TaskView::id));
    String lowerType = type == null ? "unknown" : type.toLowerCase(Locale.ROOT);
    return new ConnectorView(
        name,
        TYPE.matcher(lowerType).matches() ? lowerType : "unknown",
        nonNull(config.get("connector.class")),
        state(conn.path("state")),
        nonNull(text(conn.path("worker_id"))),
        text(conn.path("trace")),
        tasks,
        tasksMax(config.get("tasks.max")),
        ConfigFacts.from(config));
  }

  /** {@code GET /}: version, commit and Kafka cluster id. */
  public static ServerInfo serverInfo(JsonNode root) {
    return new ServerInfo(
        nonNull(text(root.path("version"))),
        nonNull(text(root.path("commit"))),
        nonNull(text(root.path("kafka_cluster_id"))));
  }

  private static JsonNode field(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isObject()) {
      throw new IllegalArgumentException(name + " is not an object");
    }
    return n;
  }

  private static String state(JsonNode n) {
    String s = text(n);
    return s != null && STATE.matcher(s).matches() ? s : "UNKNOWN";
  }

  private static Integer tasksMax(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() ? null : n.asText();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
