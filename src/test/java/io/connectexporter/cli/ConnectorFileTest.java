package io.connectexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorFileTest {

  private static ConnectorFile read(String json) throws Exception {
    return ConnectorFile.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "c.json");
  }

  private static String error(String json) {
    return assertThrows(ConnectorFile.InvalidException.class, () -> read(json)).getMessage();
  }

  @Test
  void connectsCreateBodyAndAFlatConfigBothWork() throws Exception {
    Map<String, String> expected =
        Map.of("name", "orders", "connector.class", "X", "tasks.max", "2");
    ConnectorFile body =
        read("{\"name\": \"orders\", \"config\": {\"connector.class\": \"X\", \"tasks.max\": 2}}");
    assertEquals("orders", body.name());
    assertEquals(
        expected, body.config(), "numbers become Connect's strings; the name is in the config");
    assertEquals(
        expected,
        read("{\"name\": \"orders\", \"connector.class\": \"X\", \"tasks.max\": \"2\"}").config());
    // what GET /connectors/NAME answers (with tasks and type) can be applied back
    assertEquals(
        expected,
        read("{\"name\": \"orders\", \"config\": {\"connector.class\": \"X\", \"tasks.max\": \"2\","
                + " \"name\": \"orders\"}, \"tasks\": [], \"type\": \"sink\"}")
            .config());
  }

  @Test
  void mistakesAreNamedWithoutQuotingAnyValue() {
    String secret = "hunter2-secret";
    String broken = error("{\"name\": \"o\", \"config\": {\"password\": " + secret + "}}");
    assertEquals(
        "c.json: not valid JSON at line 1, column 36",
        broken.replaceAll("column \\d+", "column 36"));
    assertFalse(broken.contains(secret), broken);
    assertEquals(
        "c.json: config key \"password\" must be a string, number or boolean",
        error(
            "{\"name\": \"o\", \"connector.class\": \"X\", \"password\": {\"v\": \""
                + secret
                + "\"}}"));
    assertEquals(
        "c.json: no connector name (give \"name\")",
        error("{\"config\": {\"connector.class\": \"X\"}}"));
    assertEquals(
        "c.json: \"name\" and config \"name\" differ",
        error("{\"name\": \"a\", \"config\": {\"name\": \"b\", \"connector.class\": \"X\"}}"));
    assertEquals(
        "c.json: config has no \"connector.class\"", error("{\"name\": \"a\", \"topics\": \"t\"}"));
    assertEquals("c.json: expected a JSON object {\"name\": ..., \"config\": {...}}", error("[1]"));
  }
}
