package io.connectexporter.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.metrics.JmxAttributeNote;
import io.connectexporter.metrics.JmxMetric;
import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.sources.mirror.MirrorMBeans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The shipped Jolokia access policy ({@code config/jolokia-access.xml}) against what the exporter
 * reads: every MBean group of every registered source (default-enabled or opt-in) may be read, all
 * of its attributes; writes and operations stay refused everywhere. {@code it/SecuredClusterIT}
 * checks the same file in a real agent, for the default sources.
 */
class JolokiaAccessPolicyTest {

  static final Path POLICY = Path.of("config/jolokia-access.xml");

  /** Every MBean source's catalog, found through the registry, by name. */
  static Map<String, MBeanCatalog> catalogs() {
    Map<String, MBeanCatalog> bySource = new LinkedHashMap<>();
    for (String name : Sources.names()) {
      Source<?> source =
          Sources.enabled(
                  ConfigLoader.fromConfig(
                          ConfigFactory.parseString(
                              "exporter.clusters = [{ name = a, rest.urls = [\"http://a:8083\"],"
                                  + " sources = ["
                                  + name
                                  + "] }]"))
                      .clusters()
                      .get(0))
              .get(0);
      if (source instanceof MBeanSource mbeans) {
        bySource.put(name, mbeans.catalog());
      }
    }
    return bySource;
  }

  /** Each group of the catalog with every attribute the exporter may ask of it (any profile). */
  static Map<MBeanGroup, Set<String>> attributesByGroup(MBeanCatalog catalog) {
    Map<MBeanGroup, Set<String>> out = new LinkedHashMap<>();
    catalog.groups().forEach(g -> out.put(g, new LinkedHashSet<>()));
    for (JmxMetric m : catalog.metrics()) {
      out.get(m.group()).add(m.attribute());
    }
    for (JmxAttributeNote n : catalog.notes()) {
      if (n.read()) {
        out.get(n.group()).add(n.attribute());
      }
    }
    return out;
  }

  /** Every attribute of every group of every source, as "source group attribute" where refused. */
  static List<String> refusedReads(JolokiaPolicy policy) throws Exception {
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, MBeanCatalog> source : catalogs().entrySet()) {
      for (Map.Entry<MBeanGroup, Set<String>> group :
          attributesByGroup(source.getValue()).entrySet()) {
        ObjectName pattern = new ObjectName(group.getKey().objectNamePattern());
        for (String attribute : group.getValue()) {
          if (!policy.allowsReadOfEvery(pattern, attribute)) {
            refused.add(source.getKey() + " " + pattern + " " + attribute);
          }
        }
      }
    }
    return refused;
  }

  @Test
  void everySourceIsCheckedMirrorIncluded() {
    Map<String, MBeanCatalog> catalogs = catalogs();
    assertEquals(List.of("jolokia", "mirror"), List.copyOf(catalogs.keySet()));
    assertTrue(catalogs.get("mirror").groups().contains(MirrorMBeans.SOURCE));
    assertTrue(catalogs.get("mirror").groups().contains(MirrorMBeans.CHECKPOINT));
    assertTrue(catalogs.get("jolokia").groups().contains(ConnectMBeans.SINK_CONSUMER_PARTITION));
  }

  @Test
  void theShippedPolicyAllowsReadingEverythingEverySourceReads() throws Exception {
    assertEquals(List.of(), refusedReads(JolokiaPolicy.read(POLICY)));
  }

  @Test
  void theShippedPolicyRefusesWritesOperationsAndOtherMBeans() throws Exception {
    JolokiaPolicy policy = JolokiaPolicy.read(POLICY);
    assertTrue(policy.refusesEverywhere("write"), "no write anywhere");
    assertTrue(policy.refusesEverywhere("exec"), "no operation anywhere");
    ObjectName worker = new ObjectName("kafka.connect:type=connect-worker-metrics");
    assertTrue(policy.allows("read", worker, "connector-count"));
    assertFalse(policy.allows("write", worker, "connector-count"));
    assertFalse(policy.allows("exec", new ObjectName("java.lang:type=Memory"), "gc"));
    assertFalse(
        policy.allows("read", new ObjectName("java.lang:type=Runtime"), "InputArguments"),
        "the JVM's command line");
    assertFalse(
        policy.allows(
            "read",
            new ObjectName("kafka.connect.mirror:type=MirrorHeartbeatConnector,source=a,target=b"),
            "anything"),
        "of MirrorMaker 2's MBeans, only the two types the mirror source reads");
  }

  /**
   * The judge against the MBeans a real worker registered (the captured fixtures, Kafka 4.3.1 and
   * 3.9.2): each MBean a source's pattern matches, each attribute it answered, by Jolokia's own
   * lookup for one MBean.
   */
  @Test
  void everyCapturedMBeanOfEverySourceIsReadable() throws Exception {
    JolokiaPolicy policy = JolokiaPolicy.read(POLICY);
    List<ObjectName> patterns = new ArrayList<>();
    for (MBeanCatalog c : catalogs().values()) {
      for (MBeanGroup g : c.groups()) {
        patterns.add(new ObjectName(g.objectNamePattern()));
      }
    }
    Set<String> domains = new LinkedHashSet<>();
    List<String> refused = new ArrayList<>();
    int checked = 0;
    List<Path> fixtures;
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
      fixtures =
          files.filter(f -> f.getFileName().toString().matches("jolokia-.*\\.json")).toList();
    }
    for (Path fixture : fixtures) {
      for (JsonNode item : new ObjectMapper().readTree(fixture.toFile())) {
        Iterator<Map.Entry<String, JsonNode>> mbeans = item.path("value").fields();
        while (mbeans.hasNext()) {
          Map.Entry<String, JsonNode> mbean = mbeans.next();
          if (!mbean.getKey().contains(":")) {
            continue; // a read of one MBean: its value is keyed by attribute
          }
          ObjectName name = new ObjectName(mbean.getKey());
          if (patterns.stream().noneMatch(p -> p.apply(name))) {
            continue;
          }
          domains.add(name.getDomain());
          for (Iterator<String> a = mbean.getValue().fieldNames(); a.hasNext(); ) {
            String attribute = a.next();
            checked++;
            if (!policy.allows("read", name, attribute)) {
              refused.add(fixture + ": " + name + " " + attribute);
            }
          }
        }
      }
    }
    assertEquals(Set.of("kafka.connect", "kafka.consumer", "kafka.connect.mirror"), domains);
    assertTrue(checked > 1000, "attributes checked: " + checked);
    assertEquals(List.of(), refused);
  }

  /** The judge can refuse: the policy as shipped before the mirror source existed. */
  @Test
  void aPolicyWithoutTheMirrorEntriesRefusesTheMirrorSource() throws Exception {
    JolokiaPolicy before =
        JolokiaPolicy.parse(
            "<restrict><commands></commands><allow>"
                + "<mbean><name>kafka.connect:*</name><attribute mode=\"read\">*</attribute></mbean>"
                + "<mbean><name>kafka.consumer:type=consumer-fetch-manager-metrics,*</name>"
                + "<attribute mode=\"read\">*</attribute></mbean>"
                + "</allow></restrict>");
    List<String> refused = refusedReads(before);
    assertFalse(refused.isEmpty());
    assertTrue(
        refused.stream().allMatch(r -> r.startsWith("mirror kafka.connect.mirror:")), "" + refused);
    assertTrue(
        refused.contains(
            "mirror kafka.connect.mirror:type=MirrorCheckpointConnector,* checkpoint-latency-ms"),
        "" + refused);
  }

  @Test
  void theJudgeFollowsJolokiasRules() throws Exception {
    JolokiaPolicy narrow =
        JolokiaPolicy.parse(
            "<restrict><allow>"
                + "<mbean><name>kafka.connect:type=connect-worker-metrics</name>"
                + "<attribute>connector-*</attribute></mbean>"
                + "<mbean><name>kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*</name>"
                + "<attribute mode=\"read\">*</attribute></mbean>"
                + "</allow></restrict>");
    ObjectName worker = new ObjectName("kafka.connect:type=connect-worker-metrics");
    assertTrue(narrow.allows("read", worker, "connector-count"));
    assertTrue(narrow.allows("write", worker, "connector-count"), "no mode: read and write");
    assertFalse(narrow.allows("read", worker, "task-count"));
    assertFalse(narrow.refusesEverywhere("write"));
    assertTrue(narrow.refusesEverywhere("exec"));
    // An exact key set: the per-partition MBeans carry topic and partition too.
    assertTrue(
        narrow.allowsReadOfEvery(
            new ObjectName(ConnectMBeans.SINK_CONSUMER.objectNamePattern()), "records-lag-max"));
    assertFalse(
        narrow.allowsReadOfEvery(
            new ObjectName(ConnectMBeans.SINK_CONSUMER_PARTITION.objectNamePattern()),
            "records-lag"));
    assertFalse(
        narrow.allowsReadOfEvery(
            new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), "records-lag"));

    JolokiaPolicy readCommand =
        JolokiaPolicy.parse(
            "<restrict><commands><command>read</command></commands><deny>"
                + "<mbean><name>java.lang:type=Runtime</name><attribute>InputArguments</attribute></mbean>"
                + "</deny></restrict>");
    assertTrue(readCommand.allows("read", worker, "anything"), "listed: allowed unless denied");
    assertFalse(
        readCommand.allows("read", new ObjectName("java.lang:type=Runtime"), "InputArguments"));
    assertFalse(readCommand.allowsReadOfEvery(new ObjectName("java.lang:*"), "InputArguments"));
    assertTrue(readCommand.allowsReadOfEvery(new ObjectName("java.lang:*"), "Uptime"));
  }
}
