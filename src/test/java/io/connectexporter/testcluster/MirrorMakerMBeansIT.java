package io.connectexporter.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.it.PromText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code kafka.connect.mirror} MBeans that a MirrorMaker 2 source of the exporter reads, as
 * MirrorMaker 2 really registers them on the shared cluster (both supported Kafka lines): which
 * worker has them, their keys and attributes, and that they go away with their connector.
 */
@Tag("both-kafka-versions")
class MirrorMakerMBeansIT extends ItSupport {

  static final Set<String> SOURCE_ATTRIBUTES =
      Set.of(
          "record-count",
          "record-rate",
          "byte-count",
          "byte-rate",
          "record-age-ms",
          "record-age-ms-avg",
          "record-age-ms-max",
          "record-age-ms-min",
          "replication-latency-ms",
          "replication-latency-ms-avg",
          "replication-latency-ms-max",
          "replication-latency-ms-min");
  static final Set<String> CHECKPOINT_ATTRIBUTES =
      Set.of(
          "checkpoint-latency-ms",
          "checkpoint-latency-ms-avg",
          "checkpoint-latency-ms-max",
          "checkpoint-latency-ms-min");

  static MirrorScenario scenario;

  @BeforeAll
  static void replicate() {
    scenario = MirrorScenario.named(unique("mm2"));
    scenario.apply(cluster(), TIMEOUT);
  }

  @AfterAll
  static void removeScenario() {
    if (scenario != null) {
      scenario.remove(admin());
      scenario.connectors().forEach(admin()::awaitDeleted);
      // Kafka unregisters them with the task: nothing stale for an exporter to keep serving
      for (ConnectWorker w : cluster().workers()) {
        eventually(
            "no MirrorMaker MBeans of " + scenario.topic() + " left on " + w,
            TIMEOUT,
            () ->
                JolokiaProbe.of(w).search(scenario.sourceMBeans()).isEmpty()
                    && JolokiaProbe.of(w).search(scenario.checkpointMBeans()).isEmpty());
      }
    }
  }

  @Test
  void everyReplicatedPartitionHasASourceMBeanOnTheWorkerRunningTheTaskOnly() {
    ConnectWorker owner = taskOwner(scenario.sourceConnector());
    Map<String, JsonNode> mbeans = readAll(owner, scenario.sourceMBeans());
    Set<String> partitions = new TreeSet<>();
    double records = 0;
    double bytes = 0;
    for (var e : mbeans.entrySet()) {
      Map<String, String> keys = keys(e.getKey());
      // Kafka 3.5-3.9 add the source alias only with add.source.alias.to.metrics=true
      // (KIP-911, default false); 4.0 removed the option and always adds it.
      assertEquals(
          sourceAliasInSourceMBeans()
              ? Set.of("type", "source", "target", "topic", "partition")
              : Set.of("type", "target", "topic", "partition"),
          keys.keySet(),
          e.getKey());
      if (sourceAliasInSourceMBeans()) {
        assertEquals(MirrorScenario.SOURCE_ALIAS, keys.get("source"));
      }
      assertEquals(MirrorScenario.TARGET_ALIAS, keys.get("target"));
      assertEquals(
          scenario.replicatedTopic(), keys.get("topic"), "the topic key is the name on the target");
      partitions.add(keys.get("partition"));
      assertEquals(SOURCE_ATTRIBUTES, fieldNames(e.getValue()), e.getKey());
      records += e.getValue().path("record-count").asDouble();
      bytes += e.getValue().path("byte-count").asDouble();
    }
    assertEquals(
        Set.of("0", "1", "2"), partitions, "one MBean per partition, with or without traffic");
    assertTrue(records > 0, "records were replicated: " + mbeans);
    assertTrue(bytes > 0, "bytes were replicated: " + mbeans);
    assertNoMBeansBesides(owner, scenario.sourceMBeans());
  }

  @Test
  void aPartitionWithoutRecordsCountsZeroAndHasNoWindowedValues() {
    ConnectWorker owner = taskOwner(scenario.sourceConnector());
    List<JsonNode> idle = new ArrayList<>();
    readAll(owner, scenario.sourceMBeans())
        .values()
        .forEach(
            v -> {
              if (v.path("record-count").asDouble() == 0) {
                idle.add(v);
              }
            });
    // the feed keys records by its 2 task ids: at most 2 of the 3 partitions get any
    assertTrue(!idle.isEmpty(), "a partition without records");
    for (JsonNode v : idle) {
      assertEquals(0.0, v.path("byte-count").asDouble(), v.toString());
      for (String windowed :
          List.of(
              "record-age-ms-avg",
              "record-age-ms-max",
              "replication-latency-ms-avg",
              "replication-latency-ms-max")) {
        assertTrue(v.path(windowed).isNull(), windowed + " has no sample: " + v);
      }
    }
  }

  @Test
  void checkpointMBeansArePerGroupAndPartitionOnTheWorkerRunningTheCheckpointTask() {
    ConnectWorker owner = taskOwner(scenario.checkpointConnector());
    Map<String, JsonNode> mbeans = readAll(owner, scenario.checkpointMBeans());
    assertTrue(!mbeans.isEmpty(), "checkpoint MBeans on " + owner);
    for (var e : mbeans.entrySet()) {
      Map<String, String> keys = keys(e.getKey());
      assertEquals(
          Set.of("type", "source", "target", "group", "topic", "partition"),
          keys.keySet(),
          e.getKey());
      assertEquals(MirrorScenario.SOURCE_ALIAS, keys.get("source"));
      assertEquals(MirrorScenario.TARGET_ALIAS, keys.get("target"));
      assertEquals(scenario.group(), keys.get("group"));
      assertEquals(scenario.replicatedTopic(), keys.get("topic"));
      assertEquals(CHECKPOINT_ATTRIBUTES, fieldNames(e.getValue()), e.getKey());
      assertTrue(e.getValue().path("checkpoint-latency-ms").isNumber(), e.toString());
    }
    assertNoMBeansBesides(owner, scenario.checkpointMBeans());
  }

  @Test
  void theExporterWithTheMirrorSourceExportsEveryReplicatedPartition() throws Exception {
    ConnectWorker owner = taskOwner(scenario.sourceConnector());
    String hocon =
        ExporterUnderTest.config(cluster(), "mm2", "1s")
            .replace("name = \"mm2\",", "name = \"mm2\", sources = [rest, jolokia, mirror],");
    try (ExporterUnderTest exporter = ExporterUnderTest.start(hocon)) {
      PromText m =
          exporter.awaitScrape(
              "replicated records of " + scenario.replicatedTopic(),
              TIMEOUT,
              t ->
                  t.sum(
                              "kafka_connect_mirror_replicated_records_total",
                              "topic",
                              scenario.replicatedTopic())
                          > 0
                      && !t.find(
                              "kafka_connect_mirror_checkpoint_latency_seconds",
                              "group",
                              scenario.group())
                          .isEmpty());
      List<PromText.Sample> partitions =
          m.find(
              "kafka_connect_mirror_replicated_records_total", "topic", scenario.replicatedTopic());
      assertEquals(3, partitions.size(), "one series per replicated partition: " + partitions);
      for (PromText.Sample p : partitions) {
        assertEquals("mm2", p.label("cluster"));
        assertEquals(owner.workerId(), p.label("worker"), "from the worker that runs the task");
        assertEquals(MirrorScenario.TARGET_ALIAS, p.label("target_cluster"));
        assertEquals(
            sourceAliasInSourceMBeans() ? MirrorScenario.SOURCE_ALIAS : "",
            java.util.Objects.requireNonNullElse(p.label("source_cluster"), ""),
            "3.x names no source alias by default: empty, which Prometheus reads as no label");
        boolean idle = p.value() == 0;
        assertEquals(
            !idle,
            !m.find(
                    "kafka_connect_mirror_replication_latency_seconds",
                    "topic",
                    p.label("topic"),
                    "partition",
                    p.label("partition"))
                .isEmpty(),
            "a latency only after the first record, never Kafka's 0.0 before it: " + p);
      }
      for (ConnectWorker w : cluster().workers()) {
        assertEquals(
            1.0,
            m.value("kafka_connect_exporter_target_up", "source", "mirror", "worker", w.workerId()),
            "the mirror source reports its own health on " + w);
      }
    }
  }

  private static boolean sourceAliasInSourceMBeans() {
    return !cluster().kafkaVersion().startsWith("3.");
  }

  /** The worker REST names as running task 0 of the connector. */
  private static ConnectWorker taskOwner(String connector) {
    JsonNode status = admin().awaitTasksRunning(connector, 1, TIMEOUT);
    return workerById(ConnectorAdmin.task(status, 0).path("worker_id").asText());
  }

  /** Every MBean matching the pattern on the worker, with all its attributes. */
  private static Map<String, JsonNode> readAll(ConnectWorker worker, String pattern) {
    JolokiaProbe probe = JolokiaProbe.of(worker);
    Map<String, JsonNode> out = new TreeMap<>();
    for (String name : probe.search(pattern)) {
      JsonNode all = probe.readAll(name);
      assertNotNull(all, name + " vanished while read");
      out.put(name, all);
    }
    return out;
  }

  private static void assertNoMBeansBesides(ConnectWorker owner, String pattern) {
    for (ConnectWorker w : cluster().workers()) {
      if (w != owner) {
        assertEquals(
            List.of(), JolokiaProbe.of(w).search(pattern), "only the task's worker has them: " + w);
      }
    }
  }

  /** The key properties of an ObjectName (values are not quoted in these names). */
  private static Map<String, String> keys(String objectName) {
    Map<String, String> keys = new TreeMap<>();
    try {
      new javax.management.ObjectName(objectName).getKeyPropertyList().forEach(keys::put);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new AssertionError("not an ObjectName: " + objectName, e);
    }
    return keys;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
