package io.connectexporter.sources.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.TaskOwners;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The mirror source on MirrorMaker 2 MBeans captured from the real cluster (fixtures/.../mirror).
 */
class MirrorSourceTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;

  private static SeriesSet normalize(String version, MetricsSettings settings) throws Exception {
    MetricSelection selection = new MetricSelection(settings, false);
    JolokiaRequest request = JolokiaRequest.of(MirrorMBeans.CATALOG.reads(selection));
    SeriesSet out = new SeriesSet(Integer.MAX_VALUE, selection);
    PollView poll = new PollView("c", null, TaskOwners.UNKNOWN, null, Map.of(), selection);
    for (int w = 1; w <= 2; w++) {
      JolokiaResponseParser.Parsed parsed =
          JolokiaResponseParser.parse(
              new ByteArrayInputStream(
                  Fixtures.bytes(version, "mirror/jolokia-mirror-worker-" + w + ".json")),
              request);
      assertEquals(List.of(), parsed.errors());
      assertEquals(0, parsed.skippedItems() + parsed.skippedValues());
      new MirrorSource()
          .normalize(new WorkerJmx("connect-" + w + ":8083", parsed.readings()), poll, out);
    }
    return out;
  }

  private static Map<Labels, Double> family(SeriesSet s, String name) {
    MetricSpec spec =
        MirrorMBeans.CATALOG.specs().stream()
            .filter(m -> m.name().equals(name))
            .findFirst()
            .orElseThrow();
    return s.get(spec);
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void everyReplicatedPartitionIsOneSeriesWithItsAliasesTopicAndPartition(String version)
      throws Exception {
    SeriesSet s = normalize(version, MetricsSettings.DEFAULT);
    Map<Labels, Double> records = family(s, "kafka_connect_mirror_replicated_records_total");
    assertEquals(3, records.size(), records.toString());
    for (Labels l : records.keySet()) {
      assertEquals("backup", l.get("target_cluster"));
      assertEquals("primary.mirror-orders", l.get("topic"));
      // Kafka 3.x source MBeans name no source alias unless add.source.alias.to.metrics=true
      assertEquals(version.startsWith("3.") ? "" : "primary", l.get("source_cluster"));
    }
    assertTrue(records.values().stream().mapToDouble(Double::doubleValue).sum() > 0);
    assertFalse(family(s, "kafka_connect_mirror_checkpoint_latency_seconds").isEmpty());
    for (Labels l : family(s, "kafka_connect_mirror_checkpoint_latency_seconds").keySet()) {
      assertEquals("primary", l.get("source_cluster"));
      assertEquals("connect-mirror-feed-sink", l.get("group"));
    }
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void aPartitionWithoutRecordsHasNoLatencyRatherThanKafkasZero(String version) throws Exception {
    SeriesSet s = normalize(version, MetricsSettings.DEFAULT);
    Map<Labels, Double> records = family(s, "kafka_connect_mirror_replicated_records_total");
    Map<Labels, Double> latency = family(s, "kafka_connect_mirror_replication_latency_seconds");
    records.forEach(
        (l, count) -> {
          boolean hasLatency =
              latency.keySet().stream()
                  .anyMatch(k -> k.get("partition").equals(l.get("partition")));
          assertEquals(
              count > 0,
              hasLatency,
              "partition " + l.get("partition") + " with " + count + " records");
        });
    latency.values().forEach(v -> assertTrue(v > 0 && v < 600, "seconds, not ms: " + v));
  }

  @Test
  void minimaAndRatesOnlyInProfileFull() throws Exception {
    SeriesSet normal = normalize("4.3.1", MetricsSettings.DEFAULT);
    assertTrue(family(normal, "kafka_connect_mirror_replication_latency_min_seconds").isEmpty());
    assertTrue(family(normal, "kafka_connect_mirror_replicated_records_per_second").isEmpty());
    SeriesSet full =
        normalize(
            "4.3.1", new MetricsSettings(MetricsSettings.Profile.FULL, List.of(), List.of(), true));
    assertFalse(family(full, "kafka_connect_mirror_replication_latency_min_seconds").isEmpty());
    assertFalse(family(full, "kafka_connect_mirror_replicated_records_per_second").isEmpty());
  }
}
