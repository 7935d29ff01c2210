package io.connectexporter.scrape.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.model.ConfigFacts;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Connect REST answers into the model. Connector configs are read only for the few facts we
 * export (class, tasks.max, error handling) and dropped right here: they hold secrets.
 */
public final class RestParser {

  private RestParser() {
  }

  /** {@code GET /connectors?expand=status&expand=info}: an object keyed by connector name. */
  public static List<ConnectorView> expanded(JsonNode root) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object keyed by connector name, got " + root.getNodeType());
    }
    List<ConnectorView> connectors = new ArrayList<>(root.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      connectors.add(connector(e.getKey(), e.getValue().path("status"), e.getValue().path("info")));
    }
    connectors.sort(Comparator.comparing(ConnectorView::name));
    return connectors;
  }

  /** One connector from its status ({@code /connectors/X/status}) and info ({@code /connectors/X}). */
  public static ConnectorView connector(String name, JsonNode status, JsonNode info) {
    JsonNode conn = status.path("connector");
    Map<String, String> config = new HashMap<>();
    info.path("config").fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
    String type = text(status.path("type"));
    if (type == null) {
      type = text(info.path("type"));
    }
    List<TaskView> tasks = new ArrayList<>();
    for (JsonNode t : status.path("tasks")) {
      tasks.add(new TaskView(t.path("id").asInt(), upper(text(t.path("state"))), nonNull(text(t.path("worker_id"))),
          text(t.path("trace"))));
    }
    tasks.sort(Comparator.comparingInt(TaskView::id));
    return new ConnectorView(name, type == null ? "unknown" : type.toLowerCase(Locale.ROOT),
        nonNull(config.get("connector.class")), upper(text(conn.path("state"))), nonNull(text(conn.path("worker_id"))),
        text(conn.path("trace")), tasks, tasksMax(config.get("tasks.max")), ConfigFacts.from(config));
  }

  /** {@code GET /}: version, commit and Kafka cluster id. */
  public static String[] serverInfo(JsonNode root) {
    return new String[] {nonNull(text(root.path("version"))), nonNull(text(root.path("commit"))),
        nonNull(text(root.path("kafka_cluster_id")))};
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
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  private static String upper(String s) {
    return s == null ? "UNKNOWN" : s.toUpperCase(Locale.ROOT);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
