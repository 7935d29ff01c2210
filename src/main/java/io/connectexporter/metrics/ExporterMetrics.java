package io.connectexporter.metrics;

import static io.connectexporter.metrics.MetricKind.COUNTER;
import static io.connectexporter.metrics.MetricKind.GAUGE;
import static io.connectexporter.metrics.MetricKind.INFO;

import java.util.List;

/**
 * The exporter's own metrics: how each source's targets answered, the polls, the snapshot served,
 * auto-restart. The slices of the sources complete the contract ({@code sources.Sources#contract}).
 */
public final class ExporterMetrics {

  public static final String PREFIX = "kafka_connect_";

  public static final MetricSpec TARGET_UP =
      self(
          "kafka_connect_exporter_target_up",
          GAUGE,
          "1 if the target answered the last poll, 0 if not.",
          "cluster",
          "source",
          "target",
          "worker");
  public static final MetricSpec TARGET_DURATION =
      self(
          "kafka_connect_exporter_target_poll_duration_seconds",
          GAUGE,
          "Wall time of the last request to the target.",
          "cluster",
          "source",
          "target",
          "worker");
  public static final MetricSpec TARGET_ERRORS =
      self(
          "kafka_connect_exporter_target_errors_total",
          COUNTER,
          "Failed requests to the target by reason (timeout, refused, unknown_host, tls, http_<status>, unparsable, too_large, io), and parts of good answers skipped (jolokia_<status>, bad_item, bad_value, bad_connector).",
          "cluster",
          "source",
          "target",
          "worker",
          "reason");
  public static final MetricSpec POLL_FAILURES =
      self(
          "kafka_connect_exporter_poll_failures_total",
          COUNTER,
          "Polls of the cluster that published nothing (the previous snapshot stayed served), by reason: too_many_series, internal_error.",
          "cluster",
          "reason");
  public static final MetricSpec SERIES =
      self(
          "kafka_connect_exporter_series",
          GAUGE,
          "Series the last published poll of the cluster made (bounded by its max-series).",
          "cluster");
  public static final MetricSpec POLL_DURATION =
      self(
          "kafka_connect_exporter_poll_duration_seconds",
          GAUGE,
          "Wall time of the last complete poll cycle of the cluster (REST plus every worker).",
          "cluster");
  public static final MetricSpec POLLS =
      self(
          "kafka_connect_exporter_polls_total",
          COUNTER,
          "Poll cycles completed for the cluster.",
          "cluster");
  public static final MetricSpec SNAPSHOT_AGE =
      self(
          "kafka_connect_exporter_snapshot_age_seconds",
          GAUGE,
          "Age of the snapshot /metrics is serving for the cluster, at scrape time.",
          "cluster");
  public static final MetricSpec LINGERING_MBEANS =
      self(
          "kafka_connect_exporter_lingering_task_mbeans",
          GAUGE,
          "Task MBeans dropped in the last poll because REST says another worker runs the task (they linger after rebalances).",
          "cluster",
          "worker");
  public static final MetricSpec BUILD_INFO =
      self(
          "kafka_connect_exporter_build_info",
          INFO,
          "Exporter version and the Java runtime it runs on.",
          "version",
          "java_version");
  public static final MetricSpec AUTO_RESTARTS =
      self(
          "kafka_connect_exporter_auto_restarts_total",
          COUNTER,
          "Auto-restart actions by result: restarted, failed (Connect refused or did not answer), dry_run (would have restarted), skipped_rebalance (the cluster was rebalancing). task is empty for the connector itself.",
          "cluster",
          "connector",
          "task",
          "result");
  public static final MetricSpec AUTO_RESTART_GAVE_UP =
      self(
          "kafka_connect_exporter_auto_restart_gave_up",
          GAUGE,
          "1 while auto-restart has given up on a FAILED connector or task (max-restarts reached in one failure episode); absent otherwise and in dry-run. task is empty for the connector itself.",
          "cluster",
          "connector",
          "task");

  /** Every family above, in the README's order. */
  public static final List<MetricSpec> ALL =
      List.of(
          TARGET_UP,
          TARGET_DURATION,
          TARGET_ERRORS,
          POLL_DURATION,
          POLLS,
          POLL_FAILURES,
          SNAPSHOT_AGE,
          SERIES,
          LINGERING_MBEANS,
          BUILD_INFO,
          AUTO_RESTARTS,
          AUTO_RESTART_GAVE_UP);

  private ExporterMetrics() {}

  private static MetricSpec self(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(name, kind, help, List.of(labels), "exporter", false);
  }
}
