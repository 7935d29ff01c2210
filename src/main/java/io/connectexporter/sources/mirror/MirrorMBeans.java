package io.connectexporter.sources.mirror;

import static io.connectexporter.metrics.Conversion.MILLIS_TO_SECONDS;
import static io.connectexporter.metrics.Conversion.NONE;
import static io.connectexporter.metrics.MetricKind.COUNTER;
import static io.connectexporter.metrics.MetricKind.GAUGE;

import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanScope;
import java.util.List;
import java.util.Map;

/**
 * The MBeans MirrorMaker 2 registers when it runs as connectors of the cluster (domain {@code
 * kafka.connect.mirror}, on the worker that runs the task), and the metrics they become. Read by
 * type with {@code ,*}: Kafka 4 names the source alias in every MBean, Kafka 3.x source MBeans only
 * with {@code add.source.alias.to.metrics=true} (else {@code source_cluster} is empty). The aliases
 * are labelled {@code source_cluster} and {@code target_cluster}: {@code source} and {@code target}
 * are the exporter's own labels. Nothing names the connector or the task.
 */
public final class MirrorMBeans {

  /** Per replicated partition: keys [source,] target, topic (its name on the target), partition. */
  public static final MBeanGroup SOURCE =
      new MBeanGroup("kafka.connect.mirror:type=MirrorSourceConnector,*", MBeanScope.WORKER);

  /** Per checkpointed consumer group partition: keys source, target, group, topic, partition. */
  public static final MBeanGroup CHECKPOINT =
      new MBeanGroup("kafka.connect.mirror:type=MirrorCheckpointConnector,*", MBeanScope.WORKER);

  private static final Map<String, String> ALIASES =
      Map.of("source_cluster", "source", "target_cluster", "target");
  private static final List<String> FLOW =
      List.of("source_cluster", "target_cluster", "topic", "partition");
  private static final List<String> GROUP_FLOW =
      List.of("source_cluster", "target_cluster", "group", "topic", "partition");

  public static final MBeanCatalog CATALOG;

  static {
    MBeanCatalog.Builder b = MBeanCatalog.builder();
    b.group(SOURCE).labelKeys(ALIASES);
    b.metric(
        "record-count",
        "kafka_connect_mirror_replicated_records_total",
        COUNTER,
        NONE,
        "Records of the partition that MirrorMaker 2 replicated and the target cluster acknowledged.",
        Map.of(),
        FLOW);
    b.metric(
        "byte-count",
        "kafka_connect_mirror_replicated_bytes_total",
        COUNTER,
        NONE,
        "Bytes of record values of the partition that MirrorMaker 2 read for replication (keys and headers not "
            + "counted).",
        Map.of(),
        FLOW);
    b.optional(
        "record-rate",
        "kafka_connect_mirror_replicated_records_per_second",
        NONE,
        "Windowed rate of records replicated (Kafka's own rate; prefer rate() of the counter).",
        FLOW);
    b.optional(
        "byte-rate",
        "kafka_connect_mirror_replicated_bytes_per_second",
        NONE,
        "Windowed rate of bytes replicated (Kafka's own rate; prefer rate() of the counter).",
        FLOW);
    b.metric(
        "replication-latency-ms",
        "kafka_connect_mirror_replication_latency_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Time from the last replicated record's timestamp to the target's acknowledgement (absent before the "
            + "first record; kept while idle).",
        Map.of(),
        FLOW);
    b.metric(
        "replication-latency-ms-avg",
        "kafka_connect_mirror_replication_latency_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average replication latency over MirrorMaker 2's sample window (about a minute); absent "
            + "while no record flows.",
        Map.of(),
        FLOW);
    b.metric(
        "replication-latency-ms-max",
        "kafka_connect_mirror_replication_latency_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Largest replication latency over MirrorMaker 2's sample window; absent while no record "
            + "flows.",
        Map.of(),
        FLOW);
    b.optional(
        "replication-latency-ms-min",
        "kafka_connect_mirror_replication_latency_min_seconds",
        MILLIS_TO_SECONDS,
        "Smallest replication latency over MirrorMaker 2's sample window.",
        FLOW);
    b.metric(
        "record-age-ms",
        "kafka_connect_mirror_record_age_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Age of the last record (now minus its timestamp) when MirrorMaker 2 read it from the source (absent "
            + "before the first record).",
        Map.of(),
        FLOW);
    b.metric(
        "record-age-ms-avg",
        "kafka_connect_mirror_record_age_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average record age over MirrorMaker 2's sample window; absent while no record flows.",
        Map.of(),
        FLOW);
    b.metric(
        "record-age-ms-max",
        "kafka_connect_mirror_record_age_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Largest record age over MirrorMaker 2's sample window; absent while no record flows.",
        Map.of(),
        FLOW);
    b.optional(
        "record-age-ms-min",
        "kafka_connect_mirror_record_age_min_seconds",
        MILLIS_TO_SECONDS,
        "Smallest record age over MirrorMaker 2's sample window.",
        FLOW);

    b.group(CHECKPOINT).labelKeys(ALIASES);
    b.metric(
        "checkpoint-latency-ms",
        "kafka_connect_mirror_checkpoint_latency_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Time from the last checkpoint record's timestamp to the target's acknowledgement (Kafka records it once "
            + "per task: equal for every group and partition of the task).",
        Map.of(),
        GROUP_FLOW);
    b.metric(
        "checkpoint-latency-ms-avg",
        "kafka_connect_mirror_checkpoint_latency_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average checkpoint latency over MirrorMaker 2's sample window; absent without "
            + "checkpoints in it.",
        Map.of(),
        GROUP_FLOW);
    b.metric(
        "checkpoint-latency-ms-max",
        "kafka_connect_mirror_checkpoint_latency_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Largest checkpoint latency over MirrorMaker 2's sample window; absent without "
            + "checkpoints in it.",
        Map.of(),
        GROUP_FLOW);
    b.optional(
        "checkpoint-latency-ms-min",
        "kafka_connect_mirror_checkpoint_latency_min_seconds",
        MILLIS_TO_SECONDS,
        "Smallest checkpoint latency over MirrorMaker 2's sample window.",
        GROUP_FLOW);
    CATALOG = b.build();
  }

  private MirrorMBeans() {}
}
