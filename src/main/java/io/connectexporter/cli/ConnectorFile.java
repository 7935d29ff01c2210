package io.connectexporter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connector definition for {@code apply}: Connect's own create body ({@code {"name": "x",
 * "config": {...}}}, also what {@code GET /connectors/x} answers) or a flat config with a {@code
 * name} key. Error messages name keys and positions, never values.
 *
 * @param config the config as Connect stores it: with {@code name}
 */
record ConnectorFile(String name, Map<String, String> config) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Thrown for a file that is not a connector definition; the message is safe to print. */
  static final class InvalidException extends Exception {
    InvalidException(String message) {
      super(message);
    }
  }

  static ConnectorFile read(InputStream in, String source) throws InvalidException, IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the text it choked on, which may be a secret: the position only.
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new InvalidException(source + ": not valid JSON" + at);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidException(
          source + ": expected a JSON object {\"name\": ..., \"config\": {...}}");
    }
    JsonNode configNode = root.has("config") ? root.get("config") : root;
    if (!configNode.isObject()) {
      throw new InvalidException(source + ": \"config\" must be an object of string values");
    }
    Map<String, String> config = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = configNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new InvalidException(
            source
                + ": config key \""
                + StatusTable.safe(e.getKey())
                + "\" must be a string, number or boolean");
      }
      config.put(e.getKey(), e.getValue().asText());
    }
    String name = root.has("config") ? text(root.get("name")) : config.get("name");
    String inConfig = config.get("name");
    if (name == null || name.isEmpty()) {
      name = inConfig;
    }
    if (name == null || name.isEmpty()) {
      throw new InvalidException(source + ": no connector name (give \"name\")");
    }
    if (inConfig != null && !inConfig.equals(name)) {
      throw new InvalidException(source + ": \"name\" and config \"name\" differ");
    }
    if (!config.containsKey("connector.class")) {
      throw new InvalidException(source + ": config has no \"connector.class\"");
    }
    config.put("name", name);
    return new ConnectorFile(name, Map.copyOf(config));
  }

  private static String text(JsonNode n) {
    return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
  }
}
