package io.connectexporter.scrape.jolokia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class JolokiaResponseParserTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;
  private static final JolokiaRequest REQUEST =
      JolokiaRequest.of(
          ConnectMBeans.CATALOG.reads(new MetricSelection(MetricsSettings.DEFAULT, true)));
  private static final List<MBeanGroup> GROUPS = REQUEST.groups();

  private static List<MBeanReading> parse(String json) throws IOException {
    return JolokiaResponseParser.parse(
            new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), REQUEST)
        .readings();
  }

  private static String worker1(String version) {
    return new String(Fixtures.bytes(version, "jolokia-worker-1.json"), StandardCharsets.UTF_8);
  }

  private static String worker2(String version) {
    return new String(Fixtures.bytes(version, "jolokia-worker-2.json"), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void parsesTheRealAgentsAnswer(String version) throws IOException {
    List<MBeanReading> readings = parse(worker1(version));
    assertTrue(readings.stream().anyMatch(r -> r.group() == ConnectMBeans.SOURCE_TASK));
    assertTrue(
        readings.stream()
            .anyMatch(
                r ->
                    r.group() == ConnectMBeans.SINK_CONSUMER_PARTITION
                        && "orders".equals(r.key("topic"))
                        && r.key("partition") != null));

    MBeanReading coordinator =
        readings.stream()
            .filter(r -> r.group() == ConnectMBeans.COORDINATOR)
            .findFirst()
            .orElseThrow();
    assertEquals(
        "connect-connect-1:8083",
        coordinator.key("client-id"),
        "quoted ObjectName value is unquoted");

    MBeanReading worker =
        readings.stream().filter(r -> r.group() == ConnectMBeans.WORKER).findFirst().orElseThrow();
    assertTrue(worker.attributes().get("connector-count") instanceof Double);
    assertTrue(worker.keys().isEmpty() || "connect-worker-metrics".equals(worker.key("type")));
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void nullsAreAbsentNeverZero(String version) throws IOException {
    String text = worker2(version);
    assertTrue(text.contains(": null"), "the real capture has attributes without samples");
    // Count the non-null attributes of the successful items with a generic JSON tree.
    int expected = 0;
    for (com.fasterxml.jackson.databind.JsonNode item :
        Fixtures.json(version, "jolokia-worker-2.json")) {
      if (item.path("status").asInt() != 200) {
        continue;
      }
      for (com.fasterxml.jackson.databind.JsonNode level : item.path("value")) {
        if (level.isObject()) {
          for (com.fasterxml.jackson.databind.JsonNode v : level) {
            expected += v.isNull() ? 0 : 1;
          }
        } else {
          expected += level.isNull() ? 0 : 1;
        }
      }
    }
    int parsed = parse(text).stream().mapToInt(r -> r.attributes().size()).sum();
    assertEquals(expected, parsed);
  }

  @Test
  void bareNanAndInfinityFromOlderAgentsAreSkipped() throws IOException {
    String real = worker2("4.3.1");
    String text = real.replace(": null", ": NaN").replaceFirst(": NaN", ": -Infinity");
    int fromNulls = parse(real).stream().mapToInt(r -> r.attributes().size()).sum();
    int fromTokens = parse(text).stream().mapToInt(r -> r.attributes().size()).sum();
    assertEquals(fromNulls, fromTokens, "NaN and Infinity tokens are skipped exactly like nulls");
  }

  @Test
  void oneFailedItemKeepsTheOthers() throws IOException {
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < GROUPS.size(); i++) {
      if (i > 0) {
        items.append(',');
      }
      if (GROUPS.get(i) == ConnectMBeans.WORKER) {
        items.append("{\"value\":{\"connector-count\":3.0,\"task-count\":null},\"status\":200}");
      } else if (GROUPS.get(i) == ConnectMBeans.SOURCE_TASK) {
        items.append(
            "{\"error_type\":\"java.lang.SecurityException\",\"error\":\"denied\",\"status\":403}");
      } else {
        items.append(
            "{\"error_type\":\"javax.management.InstanceNotFoundException\",\"status\":404}");
      }
    }
    JolokiaResponseParser.Parsed parsed =
        JolokiaResponseParser.parse(
            new java.io.ByteArrayInputStream(
                items.append(']').toString().getBytes(StandardCharsets.UTF_8)),
            REQUEST);
    assertEquals(1, parsed.readings().size());
    assertEquals(3.0, parsed.readings().get(0).attributes().get("connector-count"));
    assertEquals(
        List.of(
            new JolokiaResponseParser.ItemError(
                ConnectMBeans.SOURCE_TASK, 403, "java.lang.SecurityException")),
        parsed.errors(),
        "404 (no such MBean) is normal, 403 is an error");
  }

  @Test
  void aBadValueOrMBeanIsSkippedAndCountedNotTheWorker() throws IOException {
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < GROUPS.size(); i++) {
      items.append(i > 0 ? "," : "");
      MBeanGroup g = GROUPS.get(i);
      if (g == ConnectMBeans.WORKER) {
        // a text where a number belongs, and a nested value: both dropped, the rest kept
        items.append(
            "{\"value\":{\"connector-count\":\"oops\",\"task-count\":{\"a\":1},"
                + "\"connector-startup-attempts-total\":7},\"status\":200}");
      } else if (g == ConnectMBeans.CONNECTOR) {
        // one MBean name that is not an ObjectName, one good, one sent twice, one not an object
        items.append(
            "{\"value\":{\"kafka.connect:type=connector-metrics,connector=\\\"unclosed\":{\"status\":\"x\"},"
                + "\"kafka.connect:type=connector-metrics,connector=a\":{\"connector-version\":\"1.0\"},"
                + "\"kafka.connect:type=connector-metrics,connector=a\":{\"connector-version\":\"1.1\"},"
                + "\"kafka.connect:type=connector-metrics,connector=b\":\"ERROR\"},\"status\":200}");
      } else if (g == ConnectMBeans.SOURCE_TASK) {
        items.append(
            "{\"value\":{},\"status\":\"200\"}"); // status as a string: the item is skipped
      } else {
        items.append("{\"status\":404}");
      }
    }
    JolokiaResponseParser.Parsed parsed =
        JolokiaResponseParser.parse(
            new java.io.ByteArrayInputStream(
                items.append(']').toString().getBytes(StandardCharsets.UTF_8)),
            REQUEST);
    MBeanReading worker =
        parsed.readings().stream()
            .filter(r -> r.group() == ConnectMBeans.WORKER)
            .findFirst()
            .orElseThrow();
    assertEquals(java.util.Map.of("connector-startup-attempts-total", 7.0), worker.attributes());
    List<MBeanReading> connectors =
        parsed.readings().stream().filter(r -> r.group() == ConnectMBeans.CONNECTOR).toList();
    assertEquals(1, connectors.size(), "the MBean sent twice counts once");
    assertEquals("a", connectors.get(0).key("connector"));
    assertEquals(2, parsed.skippedValues());
    assertEquals(
        3,
        parsed.skippedItems(),
        "the bad ObjectName, the MBean that is not an object, the bad status");
    assertEquals(List.of(), parsed.errors());
  }

  @Test
  void malformedOrRejectedAnswersFailClearly() {
    assertThrows(IOException.class, () -> parse("[{\"value\": {"));
    assertThrows(IOException.class, () -> parse("<html>proxy error</html>"));
    IOException rejected =
        assertThrows(
            IOException.class,
            () -> parse("{\"error_type\":\"java.lang.IllegalArgumentException\",\"status\":400}"));
    assertTrue(rejected.getMessage().contains("400"));
    assertThrows(IOException.class, () -> parse("[]"), "fewer items than requested");
  }

  @Test
  void parsedNamesOfConnectorsThatAreGoneAreForgotten() {
    JolokiaResponseParser.NameCache cache = new JolokiaResponseParser.NameCache();
    for (int poll = 0; poll < 1_000; poll++) {
      // each poll: 1 000 live names, and 30 names of connectors created since (churn)
      for (int i = 0; i < 1_000; i++) {
        cache.keysOf("kafka.connect:type=connector-metrics,connector=live-" + i);
      }
      for (int i = 0; i < 30; i++) {
        cache.keysOf("kafka.connect:type=connector-metrics,connector=churn-" + poll + "-" + i);
      }
    }
    // 31 000 names were seen; a cache that kept them all would hold them all
    assertTrue(cache.size() < 5_000, "bounded by its generations: " + cache.size());
    assertEquals(
        "live-7",
        cache.keysOf("kafka.connect:type=connector-metrics,connector=live-7").get("connector"));
  }
}
