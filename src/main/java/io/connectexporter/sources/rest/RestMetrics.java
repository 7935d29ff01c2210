package io.connectexporter.sources.rest;

import static io.connectexporter.metrics.MetricKind.COUNTER;
import static io.connectexporter.metrics.MetricKind.GAUGE;
import static io.connectexporter.metrics.MetricKind.INFO;

import io.connectexporter.metrics.MetricKind;
import io.connectexporter.metrics.MetricSpec;
import java.util.List;

/**
 * The REST source's slice of the metric contract: states, facts and states remembered between
 * polls.
 */
public final class RestMetrics {

  // ---------------------------------------------------------------- REST (cluster-wide truth)
  public static final MetricSpec CONNECTOR_STATE =
      rest(
          "kafka_connect_connector_state",
          GAUGE,
          "Connector state from the REST API: one series per possible state, 1 for the current one.",
          "cluster",
          "connector",
          "worker",
          "state");
  public static final MetricSpec TASK_STATE =
      rest(
          "kafka_connect_task_state",
          GAUGE,
          "Task state from the REST API: one series per possible state, 1 for the current one.",
          "cluster",
          "connector",
          "task",
          "worker",
          "state");
  public static final MetricSpec CONNECTOR_INFO =
      rest(
          "kafka_connect_connector_info",
          INFO,
          "Connector type, class and version (version from the worker's connector-metrics MBean, empty until read).",
          "cluster",
          "connector",
          "type",
          "class",
          "version");
  public static final MetricSpec CONNECTOR_TASKS_MAX =
      rest(
          "kafka_connect_connector_tasks_max",
          GAUGE,
          "Tasks the connector may run: its tasks.max setting.",
          "cluster",
          "connector");
  public static final MetricSpec CONNECTOR_TASKS =
      rest(
          "kafka_connect_connector_tasks",
          GAUGE,
          "Tasks that exist for the connector, in any state.",
          "cluster",
          "connector");
  public static final MetricSpec CONNECTOR_FAILURE =
      rest(
          "kafka_connect_connector_failure_info",
          INFO,
          "Present while the connector is FAILED: the exception class of its trace and of the root cause (never the message).",
          "cluster",
          "connector",
          "worker",
          "exception",
          "root_cause");
  public static final MetricSpec TASK_FAILURE =
      rest(
          "kafka_connect_task_failure_info",
          INFO,
          "Present while the task is FAILED: the exception class of its trace and of the root cause (never the message).",
          "cluster",
          "connector",
          "task",
          "worker",
          "exception",
          "root_cause");
  public static final MetricSpec CONNECTOR_CONFIG =
      rest(
          "kafka_connect_connector_config_info",
          INFO,
          "Non-secret error-handling settings of the connector (no other config value is ever exported).",
          "cluster",
          "connector",
          "errors_tolerance",
          "errors_log_enable",
          "dlq_enabled");
  public static final MetricSpec CLUSTER_INFO =
      rest(
          "kafka_connect_cluster_info",
          INFO,
          "Connect version and commit and the Kafka cluster id, from GET / of the REST API.",
          "cluster",
          "version",
          "commit",
          "kafka_cluster_id");

  // ---------------------------------------------------------------- REST states remembered between
  // polls
  public static final MetricSpec CONNECTOR_STATE_SINCE =
      remembered(
          "kafka_connect_connector_state_since_timestamp_seconds",
          GAUGE,
          "Unix time the connector entered its current state (label state), as first seen by the exporter: time() minus it is how long, e.g. how long FAILED.",
          "cluster",
          "connector",
          "state");
  public static final MetricSpec CONNECTOR_STATE_CHANGES =
      remembered(
          "kafka_connect_connector_state_changes_total",
          COUNTER,
          "State changes of the connector seen by the exporter since it first saw the connector (0 at first sight; a restart through FAILED, RESTARTING, RUNNING counts each step seen).",
          "cluster",
          "connector");
  public static final MetricSpec TASK_STATE_SINCE =
      remembered(
          "kafka_connect_task_state_since_timestamp_seconds",
          GAUGE,
          "Unix time the task entered its current state (label state), as first seen by the exporter: time() minus it is how long, e.g. how long FAILED.",
          "cluster",
          "connector",
          "task",
          "state");
  public static final MetricSpec TASK_STATE_CHANGES =
      remembered(
          "kafka_connect_task_state_changes_total",
          COUNTER,
          "State changes of the task seen by the exporter since it first saw the task (0 at first sight; a restart through FAILED, RESTARTING, RUNNING counts each step seen).",
          "cluster",
          "connector",
          "task");

  public static final List<String> CONNECTOR_STATES =
      List.of("UNASSIGNED", "RUNNING", "PAUSED", "STOPPED", "FAILED", "RESTARTING");
  public static final List<String> TASK_STATES =
      List.of("UNASSIGNED", "RUNNING", "PAUSED", "FAILED", "RESTARTING");

  /** Every family above, in the README's order. */
  public static final List<MetricSpec> ALL =
      List.of(
          CONNECTOR_STATE,
          TASK_STATE,
          CONNECTOR_STATE_SINCE,
          CONNECTOR_STATE_CHANGES,
          TASK_STATE_SINCE,
          TASK_STATE_CHANGES,
          CONNECTOR_INFO,
          CONNECTOR_TASKS_MAX,
          CONNECTOR_TASKS,
          CONNECTOR_FAILURE,
          TASK_FAILURE,
          CONNECTOR_CONFIG,
          CLUSTER_INFO);

  private RestMetrics() {}

  private static MetricSpec rest(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(name, kind, help, List.of(labels), "REST", false);
  }

  /** REST states as the exporter remembers them across polls (state/StateTracker). */
  private static MetricSpec remembered(
      String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(
        name, kind, help, List.of(labels), "REST, remembered by the exporter", false);
  }
}
