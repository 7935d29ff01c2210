package io.connectexporter.cli;

import static io.connectexporter.cli.Reports.captured;
import static io.connectexporter.cli.Reports.reports;
import static io.connectexporter.cli.Reports.unreachable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

  @Test
  void oneDocumentWithFailedFirstAndTheExceptionClassesOfEachFailure() throws Exception {
    JsonNode root =
        new ObjectMapper()
            .readTree(StatusJson.render(reports(unreachable("prod"), captured("demo", "4.3.1"))));
    JsonNode prod = root.path("clusters").get(0);
    assertEquals("prod", prod.path("cluster").asText());
    assertFalse(prod.path("reachable").asBoolean());
    assertTrue(prod.path("error").asText().contains("refused"));

    JsonNode demo = root.path("clusters").get(1);
    assertTrue(demo.path("reachable").asBoolean());
    assertEquals("4.3.1", demo.path("version").asText());
    JsonNode connectors = demo.path("connectors");
    assertEquals(10, connectors.size());
    JsonNode first = connectors.get(0);
    assertEquals("broken-connector", first.path("name").asText());
    assertEquals("FAILED", first.path("health").asText());
    assertTrue(first.path("failures").get(0).path("task").isNull(), "the connector itself failed");
    assertEquals(
        "org.apache.kafka.connect.errors.ConnectException",
        first.path("failures").get(0).path("exception_class").asText());
    JsonNode poison = connectors.get(2);
    assertEquals("poison-sink", poison.path("name").asText());
    assertEquals(1, poison.path("tasks_by_state").path("FAILED").asInt());
    assertEquals(0, poison.path("failures").get(0).path("task").asInt());
    assertEquals("connect-2:8083", poison.path("failures").get(0).path("worker").asText());
    assertEquals("OK", connectors.get(3).path("health").asText());
  }
}
