package io.connectexporter.sources.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.fixtures.CaptureFixtures;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RestParserTest {

  static final java.util.List<String> VERSIONS = Fixtures.VERSIONS;

  private static Map<String, ConnectorView> byName(RestSnapshot rest) {
    return rest.connectors().stream()
        .collect(Collectors.toMap(ConnectorView::name, Function.identity()));
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void everyStateOfTheRealClusterIsParsed(String version) {
    RestSnapshot rest = Fixtures.rest(version);
    assertEquals(version, rest.version());
    assertFalse(rest.kafkaClusterId().isEmpty());
    Map<String, ConnectorView> c = byName(rest);

    assertEquals("PAUSED", c.get("paused-source").state());
    assertEquals("STOPPED", c.get("stopped-source").state());
    assertTrue(c.get("stopped-source").tasks().isEmpty(), "a STOPPED connector has no tasks");

    ConnectorView broken = c.get("broken-connector");
    assertEquals("FAILED", broken.state());
    assertTrue(
        broken.trace().startsWith("org.apache.kafka.connect.errors.ConnectException"),
        broken.trace());

    assertEquals("FAILED", c.get("poison-sink").tasks().get(0).state());
    assertNotNull(c.get("poison-sink").tasks().get(0).trace());
    assertEquals("FAILED", c.get("broken-start-source").tasks().get(0).state());

    ConnectorView orders = c.get("orders-source");
    assertEquals("source", orders.type());
    assertEquals("io.connectexporter.testconnectors.RateSourceConnector", orders.className());
    assertEquals(2, orders.tasksMax());
    assertEquals(2, orders.tasks().size());
    assertTrue(Fixtures.WORKERS.contains(orders.tasks().get(0).workerId()));
    assertNull(orders.tasks().get(0).trace());

    ConnectorView dlq = c.get("dlq-sink");
    assertEquals("sink", dlq.type());
    assertEquals("all", dlq.configFacts().errorsTolerance());
    assertTrue(dlq.configFacts().deadLetterQueueEnabled());
    assertFalse(c.get("orders-sink").configFacts().deadLetterQueueEnabled());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void connectorConfigsAreNotKept(String version) {
    RestSnapshot rest = Fixtures.rest(version);
    assertTrue(
        new String(Fixtures.bytes(version, "rest-expanded.json")).contains(CaptureFixtures.SECRET),
        "the capture has a connector with a secret in its config");
    assertFalse(rest.toString().contains(CaptureFixtures.SECRET));
  }

  private static java.util.List<ConnectorView> expanded(String json) throws java.io.IOException {
    return RestParser.expanded(
            new java.io.ByteArrayInputStream(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .connectors();
  }

  @Test
  void oddInputs() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertTrue(expanded(("{}")).isEmpty(), "empty cluster");
    ConnectorView noTasks =
        expanded(
                ("""
        {"c": {"status": {"name": "c", "connector": {"state": "SOMETHING_NEW", "worker_id": "w:1"}, "tasks": [],
               "type": "sink"},
               "info": {"name": "c", "config": {"tasks.max": "many"}, "tasks": [], "type": "sink"}}}
        """))
            .get(0);
    assertEquals("SOMETHING_NEW", noTasks.state());
    assertNull(noTasks.tasksMax(), "unparsable tasks.max is absent, not 0");
    assertEquals("", noTasks.className());
    ConnectorView unknownPlugin =
        expanded(
                ("""
        {"u": {"status": {"name": "u", "connector": {"state": "FAILED", "worker_id": "w:1", "trace": "x.Y: no"},
               "tasks": [], "type": "unknown"}, "info": {"name": "u", "config": {}, "tasks": [], "type": "unknown"}}}
        """))
            .get(0);
    assertEquals("unknown", unknownPlugin.type());
    assertEquals(
        java.util.List.of("a"),
        RestParser.expanded(new java.io.ByteArrayInputStream("[\"a\"]".getBytes())).legacyNames(),
        "Connect < 2.3 answers names only");
    assertThrows(java.io.IOException.class, () -> expanded("\"just a string\""));
  }

  @Test
  void aMalformedConnectorIsSkippedAndCountedNotTheCluster() throws Exception {
    String good =
        """
        "%s": {"status": {"name": "%s", "connector": {"state": "%s", "worker_id": "w:1"},
               "tasks": [{"id": 0, "state": "%s", "worker_id": "w:1"}], "type": "sink"},
               "info": {"name": "%s", "config": {"tasks.max": "1"}, "tasks": [], "type": "sink"}}""";
    String body =
        "{"
            + String.join(
                ",",
                good.formatted("ok", "ok", "RUNNING", "RUNNING", "ok"),
                "\"tasks-not-a-list\": {\"status\": {\"connector\": {\"state\": \"RUNNING\"}, \"tasks\": \"oops\"}}",
                "\"status-not-an-object\": {\"status\": 7}",
                "\"task-without-id\": {\"status\": {\"connector\": {}, \"tasks\": [{\"state\": \"RUNNING\"}]}}",
                good.formatted("odd-states", "odd-states", "7", "running!", "odd-states"),
                good.formatted("twice", "twice", "FAILED", "FAILED", "twice"),
                good.formatted("twice", "twice", "RUNNING", "RUNNING", "twice"))
            + "}";
    RestParser.Expanded parsed =
        RestParser.expanded(new java.io.ByteArrayInputStream(body.getBytes()));
    assertEquals(3, parsed.malformed());
    assertEquals(
        java.util.List.of("odd-states", "ok", "twice"),
        parsed.connectors().stream().map(ConnectorView::name).toList(),
        "a name sent twice counts once");
    ConnectorView odd = parsed.connectors().get(0);
    assertEquals("UNKNOWN", odd.state(), "a state that is not an upper-case word");
    assertEquals("UNKNOWN", odd.tasks().get(0).state());
    assertEquals(
        "RUNNING",
        parsed.connectors().get(2).state(),
        "the last of duplicate keys wins, as in JSON trees");
  }
}
