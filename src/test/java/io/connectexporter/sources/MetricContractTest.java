package io.connectexporter.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.Conversion;
import io.connectexporter.metrics.JmxMetric;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class MetricContractTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;
  private static final Pattern NAME = Pattern.compile("kafka_connect_[a-z0-9_]+");
  private static final Set<String> CONSUMER_ATTRIBUTES_WE_USE =
      Set.of("records-lag-max", "records-lag");

  /**
   * Every attribute Connect registers on the real cluster (both Kafka versions) is either a metric
   * of the contract or noted with the reason it is not. A new Kafka attribute fails this test until
   * it is mapped or noted. For the consumer MBeans only the lag attributes are ours to map.
   */
  @ParameterizedTest
  @FieldSource("VERSIONS")
  void everyAttributeOfTheRealClusterIsMappedOrNoted(String version) {
    Set<String> known = new HashSet<>();
    ConnectMBeans.CATALOG.metrics().forEach(m -> known.add(m.group() + "/" + m.attribute()));
    ConnectMBeans.CATALOG.notes().forEach(n -> known.add(n.group() + "/" + n.attribute()));
    Set<String> unaccounted = new TreeSet<>();
    Set<MBeanGroup> seen = new HashSet<>();
    for (int w = 1; w <= 2; w++) {
      JsonNode items = Fixtures.json(version, "jolokia-all-attributes-worker-" + w + ".json");
      List<MBeanGroup> groups = ConnectMBeans.CATALOG.groups();
      for (int i = 0; i < groups.size(); i++) {
        JsonNode item = items.get(i);
        if (item.path("status").asInt() != 200) {
          continue;
        }
        seen.add(groups.get(i));
        for (String attribute : attributes(groups.get(i), item.path("value"))) {
          boolean consumer =
              groups.get(i).equals(ConnectMBeans.SINK_CONSUMER)
                  || groups.get(i).equals(ConnectMBeans.SINK_CONSUMER_PARTITION);
          if (consumer && !CONSUMER_ATTRIBUTES_WE_USE.contains(attribute)) {
            continue;
          }
          if (!known.contains(groups.get(i) + "/" + attribute)) {
            unaccounted.add(groups.get(i) + "/" + attribute);
          }
        }
      }
    }
    assertEquals(Set.of(), unaccounted, "attributes neither mapped in ConnectMBeans nor noted");
    assertEquals(
        Set.copyOf(ConnectMBeans.CATALOG.groups()), seen, "the capture covers every MBean group");
  }

  @Test
  void namesFollowPrometheusConventions() {
    for (MetricSpec m : Sources.contract()) {
      assertTrue(NAME.matcher(m.name()).matches(), m.name());
      assertTrue(
          !m.name().contains("_ms") && !m.name().contains("percent") && !m.name().contains("milli"),
          m.name());
      assertTrue(
          m.help().endsWith(".") || m.help().endsWith(")"), "help is a sentence: " + m.name());
      if (m.name().startsWith("kafka_connect_exporter_build")) {
        continue;
      }
      assertEquals("cluster", m.labels().get(0), m.name() + " carries cluster first");
    }
    for (JmxMetric m : ConnectMBeans.CATALOG.metrics()) {
      if (m.conversion() == Conversion.MILLIS_TO_SECONDS) {
        assertTrue(m.spec().name().contains("seconds"), m.spec().name());
      }
      if (m.attribute().endsWith("-rate") || m.attribute().endsWith("-per-hour")) {
        assertTrue(m.spec().optional(), "windowed rates are optional: " + m.attribute());
      }
    }
  }

  @Test
  void readmeTableMatchesTheContract() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf(ContractTable.START);
    int end = readme.indexOf(ContractTable.END);
    assertTrue(start >= 0 && end > start, "README.md has the generated metric table markers");
    String table = readme.substring(start + ContractTable.START.length(), end).strip();
    assertEquals(
        ContractTable.markdown().strip(),
        table,
        "README metric table is stale: regenerate with "
            + "mvn -q compile exec:java -Dexec.mainClass=io.connectexporter.sources.ContractTable");
  }

  private static List<String> attributes(MBeanGroup group, JsonNode value) {
    List<String> out = new ArrayList<>();
    if (group.isPattern()) {
      value.forEach(mbean -> mbean.fieldNames().forEachRemaining(out::add));
    } else {
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        out.add(it.next());
      }
    }
    return out;
  }
}
