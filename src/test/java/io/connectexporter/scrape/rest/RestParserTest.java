package io.connectexporter.scrape.rest;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class RestParserTest {

  static final java.util.List<String> VERSIONS = Fixtures.VERSIONS;

  private static Map<String, ConnectorView> byName(RestSnapshot rest) {
    return rest.connectors().stream().collect(Collectors.toMap(ConnectorView::name, Function.identity()));
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
    assertTrue(broken.trace().startsWith("org.apache.kafka.connect.errors.ConnectException"), broken.trace());

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
    assertTrue(new String(Fixtures.bytes(version, "rest-expanded.json")).contains(CaptureFixtures.SECRET),
        "the capture has a connector with a secret in its config");
    assertFalse(rest.toString().contains(CaptureFixtures.SECRET));
  }

  @Test
  void oddInputs() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertTrue(RestParser.expanded(json.readTree("{}")).isEmpty(), "empty cluster");
    ConnectorView noTasks = RestParser.expanded(json.readTree("""
        {"c": {"status": {"name": "c", "connector": {"state": "SOMETHING_NEW", "worker_id": "w:1"}, "tasks": [],
               "type": "sink"},
               "info": {"name": "c", "config": {"tasks.max": "many"}, "tasks": [], "type": "sink"}}}
        """)).get(0);
    assertEquals("SOMETHING_NEW", noTasks.state());
    assertNull(noTasks.tasksMax(), "unparsable tasks.max is absent, not 0");
    assertEquals("", noTasks.className());
    ConnectorView unknownPlugin = RestParser.expanded(json.readTree("""
        {"u": {"status": {"name": "u", "connector": {"state": "FAILED", "worker_id": "w:1", "trace": "x.Y: no"},
               "tasks": [], "type": "unknown"}, "info": {"name": "u", "config": {}, "tasks": [], "type": "unknown"}}}
        """)).get(0);
    assertEquals("unknown", unknownPlugin.type());
    assertThrows(IllegalArgumentException.class, () -> RestParser.expanded(json.readTree("[\"a\"]")));
  }
}
