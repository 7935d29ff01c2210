package io.connectexporter.metrics;

import static io.connectexporter.metrics.Conversion.MILLIS_TO_SECONDS;
import static io.connectexporter.metrics.Conversion.NONE;
import static io.connectexporter.metrics.MetricKind.COUNTER;
import static io.connectexporter.metrics.MetricKind.GAUGE;
import static io.connectexporter.metrics.MetricKind.INFO;

import io.connectexporter.model.MBeanGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The metric contract: every metric this exporter can expose, with its name, type, labels and help,
 * and for JMX metrics the MBean attribute it comes from. Everything else (normalization, the
 * Jolokia attribute lists, the README table, the completeness test) is derived from this class.
 */
public final class MetricContract {

  public static final String PREFIX = "kafka_connect_";

  // ---------------------------------------------------------------- REST (cluster-wide truth)
  public static final MetricSpec CONNECTOR_STATE = rest("kafka_connect_connector_state", GAUGE,
      "Connector state from the REST API: one series per possible state, 1 for the current one.",
      "cluster", "connector", "worker", "state");
  public static final MetricSpec TASK_STATE = rest("kafka_connect_task_state", GAUGE,
      "Task state from the REST API: one series per possible state, 1 for the current one.",
      "cluster", "connector", "task", "worker", "state");
  public static final MetricSpec CONNECTOR_INFO = rest("kafka_connect_connector_info", INFO,
      "Connector type, class and version (version from the worker's connector-metrics MBean, empty until read).",
      "cluster", "connector", "type", "class", "version");
  public static final MetricSpec CONNECTOR_TASKS_MAX = rest("kafka_connect_connector_tasks_max", GAUGE,
      "Tasks the connector may run: its tasks.max setting.", "cluster", "connector");
  public static final MetricSpec CONNECTOR_TASKS = rest("kafka_connect_connector_tasks", GAUGE,
      "Tasks that exist for the connector, in any state.", "cluster", "connector");
  public static final MetricSpec CONNECTOR_FAILURE = rest("kafka_connect_connector_failure_info", INFO,
      "Present while the connector is FAILED: the exception class of its trace and of the root cause (never the message).",
      "cluster", "connector", "worker", "exception", "root_cause");
  public static final MetricSpec TASK_FAILURE = rest("kafka_connect_task_failure_info", INFO,
      "Present while the task is FAILED: the exception class of its trace and of the root cause (never the message).",
      "cluster", "connector", "task", "worker", "exception", "root_cause");
  public static final MetricSpec CONNECTOR_CONFIG = rest("kafka_connect_connector_config_info", INFO,
      "Non-secret error-handling settings of the connector (no other config value is ever exported).",
      "cluster", "connector", "errors_tolerance", "errors_log_enable", "dlq_enabled");
  public static final MetricSpec CLUSTER_INFO = rest("kafka_connect_cluster_info", INFO,
      "Connect version and commit and the Kafka cluster id, from GET / of the REST API.",
      "cluster", "version", "commit", "kafka_cluster_id");

  // ---------------------------------------------------------------- REST states remembered between polls
  public static final MetricSpec CONNECTOR_STATE_SINCE = remembered("kafka_connect_connector_state_since_timestamp_seconds",
      GAUGE, "Unix time the connector entered its current state (label state), as first seen by the exporter: time() minus it is how long, e.g. how long FAILED.",
      "cluster", "connector", "state");
  public static final MetricSpec CONNECTOR_STATE_CHANGES = remembered("kafka_connect_connector_state_changes_total",
      COUNTER, "State changes of the connector seen by the exporter since it first saw the connector (0 at first sight; a restart through FAILED, RESTARTING, RUNNING counts each step seen).",
      "cluster", "connector");
  public static final MetricSpec TASK_STATE_SINCE = remembered("kafka_connect_task_state_since_timestamp_seconds",
      GAUGE, "Unix time the task entered its current state (label state), as first seen by the exporter: time() minus it is how long, e.g. how long FAILED.",
      "cluster", "connector", "task", "state");
  public static final MetricSpec TASK_STATE_CHANGES = remembered("kafka_connect_task_state_changes_total",
      COUNTER, "State changes of the task seen by the exporter since it first saw the task (0 at first sight; a restart through FAILED, RESTARTING, RUNNING counts each step seen).",
      "cluster", "connector", "task");

  public static final List<String> CONNECTOR_STATES =
      List.of("UNASSIGNED", "RUNNING", "PAUSED", "STOPPED", "FAILED", "RESTARTING");
  public static final List<String> TASK_STATES =
      List.of("UNASSIGNED", "RUNNING", "PAUSED", "FAILED", "RESTARTING");

  // ---------------------------------------------------------------- exporter self-metrics
  public static final MetricSpec TARGET_UP = self("kafka_connect_exporter_target_up", GAUGE,
      "1 if the target answered the last poll, 0 if not.", "cluster", "source", "target", "worker");
  public static final MetricSpec TARGET_DURATION = self("kafka_connect_exporter_target_poll_duration_seconds", GAUGE,
      "Wall time of the last request to the target.", "cluster", "source", "target", "worker");
  public static final MetricSpec TARGET_ERRORS = self("kafka_connect_exporter_target_errors_total", COUNTER,
      "Failed requests to the target by reason (timeout, refused, unknown_host, tls, http_<status>, unparsable, too_large, io), and parts of good answers skipped (jolokia_<status>, bad_item, bad_value, bad_connector).",
      "cluster", "source", "target", "worker", "reason");
  public static final MetricSpec POLL_FAILURES = self("kafka_connect_exporter_poll_failures_total", COUNTER,
      "Polls of the cluster that published nothing (the previous snapshot stayed served), by reason: too_many_series, internal_error.",
      "cluster", "reason");
  public static final MetricSpec SERIES = self("kafka_connect_exporter_series", GAUGE,
      "Series the last published poll of the cluster made (bounded by its max-series).", "cluster");
  public static final MetricSpec POLL_DURATION = self("kafka_connect_exporter_poll_duration_seconds", GAUGE,
      "Wall time of the last complete poll cycle of the cluster (REST plus every worker).", "cluster");
  public static final MetricSpec POLLS = self("kafka_connect_exporter_polls_total", COUNTER,
      "Poll cycles completed for the cluster.", "cluster");
  public static final MetricSpec SNAPSHOT_AGE = self("kafka_connect_exporter_snapshot_age_seconds", GAUGE,
      "Age of the snapshot /metrics is serving for the cluster, at scrape time.", "cluster");
  public static final MetricSpec LINGERING_MBEANS = self("kafka_connect_exporter_lingering_task_mbeans", GAUGE,
      "Task MBeans dropped in the last poll because REST says another worker runs the task (they linger after rebalances).",
      "cluster", "worker");
  public static final MetricSpec BUILD_INFO = self("kafka_connect_exporter_build_info", INFO,
      "Exporter version and the Java runtime it runs on.", "version", "java_version");
  public static final MetricSpec AUTO_RESTARTS = self("kafka_connect_exporter_auto_restarts_total", COUNTER,
      "Auto-restart actions by result: restarted, failed (Connect refused or did not answer), dry_run (would have restarted), skipped_rebalance (the cluster was rebalancing). task is empty for the connector itself.",
      "cluster", "connector", "task", "result");
  public static final MetricSpec AUTO_RESTART_GAVE_UP = self("kafka_connect_exporter_auto_restart_gave_up", GAUGE,
      "1 while auto-restart has given up on a FAILED connector or task (max-restarts reached in one failure episode); absent otherwise and in dry-run. task is empty for the connector itself.",
      "cluster", "connector", "task");

  // ---------------------------------------------------------------- JMX (per worker)
  private static final List<JmxMetric> JMX = new ArrayList<>();
  private static final List<JmxAttributeNote> NOTES = new ArrayList<>();

  public static final MetricSpec WORKER_INFO = jmxSpec("kafka_connect_worker_info", INFO,
      "Kafka version and commit of the worker (app-info MBean).", MBeanGroup.APP_INFO, List.of("version", "commit"),
      "app-info: version, commit-id");
  public static final MetricSpec TASK_INFO = jmxSpec("kafka_connect_task_info", INFO,
      "Task and converter classes of the task (connector-task-metrics, Kafka 4.x and later).", MBeanGroup.CONNECTOR_TASK,
      List.of("task_class", "task_version", "key_converter", "value_converter", "header_converter"),
      "connector-task-metrics: task-class, task-version, key/value/header-converter-class");
  public static final MetricSpec REBALANCE_INFO = jmxSpec("kafka_connect_worker_rebalance_info", INFO,
      "The group leader and Connect protocol as this worker sees them.", MBeanGroup.WORKER_REBALANCE,
      List.of("leader", "protocol"), "connect-worker-rebalance-metrics: leader-name, connect-protocol");

  static {
    MBeanGroup g;
    // connector-metrics: strings only; REST reports state, type and class for the whole cluster.
    g = MBeanGroup.CONNECTOR;
    note(g, "connector-version", true, "label version of kafka_connect_connector_info");
    note(g, "status", false, "superseded by the REST state: kafka_connect_connector_state");
    note(g, "connector-class", false, "from REST: kafka_connect_connector_info");
    note(g, "connector-type", false, "from REST: kafka_connect_connector_info");

    g = MBeanGroup.CONNECTOR_TASK;
    jmx(g, "batch-size-avg", "kafka_connect_task_batch_size_avg", GAUGE, NONE,
        "Average size of the batches the task processed (records).");
    jmx(g, "batch-size-max", "kafka_connect_task_batch_size_max", GAUGE, NONE,
        "Largest batch the task processed (records).");
    jmx(g, "offset-commit-avg-time-ms", "kafka_connect_task_offset_commit_avg_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Average time the task took to commit offsets.");
    jmx(g, "offset-commit-max-time-ms", "kafka_connect_task_offset_commit_max_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Longest time the task took to commit offsets.");
    jmx(g, "offset-commit-failure-percentage", "kafka_connect_task_offset_commit_failure_ratio", GAUGE, NONE,
        "Fraction (0-1) of the task's offset commit attempts that failed.");
    jmx(g, "offset-commit-success-percentage", "kafka_connect_task_offset_commit_success_ratio", GAUGE, NONE,
        "Fraction (0-1) of the task's offset commit attempts that succeeded.");
    jmx(g, "pause-ratio", "kafka_connect_task_pause_ratio", GAUGE, NONE,
        "Fraction (0-1) of time the task spent paused.");
    jmx(g, "running-ratio", "kafka_connect_task_running_ratio", GAUGE, NONE,
        "Fraction (0-1) of time the task spent running.");
    note(g, "status", false, "superseded by the REST state: kafka_connect_task_state");
    note(g, "task-class", true, "label task_class of kafka_connect_task_info");
    note(g, "task-version", true, "label task_version of kafka_connect_task_info");
    note(g, "key-converter-class", true, "label key_converter of kafka_connect_task_info");
    note(g, "value-converter-class", true, "label value_converter of kafka_connect_task_info");
    note(g, "header-converter-class", true, "label header_converter of kafka_connect_task_info");
    note(g, "connector-class", false, "from REST: kafka_connect_connector_info");
    note(g, "connector-type", false, "from REST: kafka_connect_connector_info");
    note(g, "connector-version", false, "kafka_connect_connector_info");
    for (String converter : List.of("key", "value", "header")) {
      note(g, converter + "-converter-version", false, "converter plugin version; the class is in kafka_connect_task_info");
    }

    g = MBeanGroup.SOURCE_TASK;
    jmx(g, "source-record-poll-total", "kafka_connect_source_task_records_polled_total", COUNTER, NONE,
        "Records the source task produced or polled, before transformations.");
    rate(g, "source-record-poll-rate", "kafka_connect_source_task_records_polled_per_second",
        "Windowed rate of records polled (Kafka's own rate; prefer rate() of the counter).");
    jmx(g, "source-record-write-total", "kafka_connect_source_task_records_written_total", COUNTER, NONE,
        "Records output by the transformations and written to Kafka (includes records dropped by transformations).");
    rate(g, "source-record-write-rate", "kafka_connect_source_task_records_written_per_second",
        "Windowed rate of records written (Kafka's own rate; prefer rate() of the counter).");
    jmx(g, "poll-batch-avg-time-ms", "kafka_connect_source_task_poll_batch_avg_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Average time to poll a batch of source records.");
    jmx(g, "poll-batch-max-time-ms", "kafka_connect_source_task_poll_batch_max_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Longest time to poll a batch of source records.");
    jmx(g, "source-record-active-count", "kafka_connect_source_task_active_records", GAUGE, NONE,
        "Records polled but not yet completely written to Kafka.");
    jmx(g, "source-record-active-count-avg", "kafka_connect_source_task_active_records_avg", GAUGE, NONE,
        "Average number of records polled but not yet completely written to Kafka.");
    jmx(g, "source-record-active-count-max", "kafka_connect_source_task_active_records_max", GAUGE, NONE,
        "Largest number of records polled but not yet completely written to Kafka.");
    jmx(g, "transaction-size-avg", "kafka_connect_source_task_transaction_size_avg", GAUGE, NONE,
        "Average records per transaction (exactly-once source connectors).");
    jmx(g, "transaction-size-max", "kafka_connect_source_task_transaction_size_max", GAUGE, NONE,
        "Largest transaction in records (exactly-once source connectors).");
    jmx(g, "transaction-size-min", "kafka_connect_source_task_transaction_size_min", GAUGE, NONE,
        "Smallest transaction in records (exactly-once source connectors).");

    g = MBeanGroup.SINK_TASK;
    jmx(g, "sink-record-read-total", "kafka_connect_sink_task_records_read_total", COUNTER, NONE,
        "Records the sink task read from Kafka, before transformations.");
    rate(g, "sink-record-read-rate", "kafka_connect_sink_task_records_read_per_second",
        "Windowed rate of records read (Kafka's own rate; prefer rate() of the counter).");
    jmx(g, "sink-record-send-total", "kafka_connect_sink_task_records_sent_total", COUNTER, NONE,
        "Records output by the transformations and sent to the sink task.");
    rate(g, "sink-record-send-rate", "kafka_connect_sink_task_records_sent_per_second",
        "Windowed rate of records sent (Kafka's own rate; prefer rate() of the counter).");
    jmx(g, "sink-record-active-count", "kafka_connect_sink_task_active_records", GAUGE, NONE,
        "Records read from Kafka but not yet completely committed by the sink task.");
    jmx(g, "sink-record-active-count-avg", "kafka_connect_sink_task_active_records_avg", GAUGE, NONE,
        "Average number of records read but not yet completely committed.");
    jmx(g, "sink-record-active-count-max", "kafka_connect_sink_task_active_records_max", GAUGE, NONE,
        "Largest number of records read but not yet completely committed.");
    jmx(g, "put-batch-avg-time-ms", "kafka_connect_sink_task_put_batch_avg_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Average time the task took to put a batch of records.");
    jmx(g, "put-batch-max-time-ms", "kafka_connect_sink_task_put_batch_max_time_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Longest time the task took to put a batch of records.");
    jmx(g, "partition-count", "kafka_connect_sink_task_partitions", GAUGE, NONE,
        "Topic partitions assigned to the sink task.");
    jmx(g, "offset-commit-seq-no", "kafka_connect_sink_task_offset_commit_seq_no", GAUGE, NONE,
        "Sequence number of the task's current offset commit.");
    jmx(g, "offset-commit-completion-total", "kafka_connect_sink_task_offset_commit_completions_total", COUNTER,
        NONE, "Offset commits that completed.");
    rate(g, "offset-commit-completion-rate", "kafka_connect_sink_task_offset_commit_completions_per_second",
        "Windowed rate of completed offset commits.");
    jmx(g, "offset-commit-skip-total", "kafka_connect_sink_task_offset_commit_skips_total", COUNTER, NONE,
        "Offset commits that were received too late and skipped.");
    rate(g, "offset-commit-skip-rate", "kafka_connect_sink_task_offset_commit_skips_per_second",
        "Windowed rate of skipped offset commits.");
    note(g, "sink-record-lag-max", false,
        "documented but never registered by Connect: lag comes from the consumer (kafka_connect_sink_task_records_lag*)");

    g = MBeanGroup.TASK_ERROR;
    jmx(g, "total-record-errors", "kafka_connect_task_record_errors_total", COUNTER, NONE,
        "Record processing errors in the task.");
    jmx(g, "total-record-failures", "kafka_connect_task_record_failures_total", COUNTER, NONE,
        "Record processing failures in the task (each retry counts).");
    jmx(g, "total-records-skipped", "kafka_connect_task_records_skipped_total", COUNTER, NONE,
        "Records skipped because of errors (errors.tolerance=all).");
    jmx(g, "total-retries", "kafka_connect_task_retries_total", COUNTER, NONE,
        "Operations retried after an error.");
    jmx(g, "total-errors-logged", "kafka_connect_task_errors_logged_total", COUNTER, NONE,
        "Errors written to the log (errors.log.enable=true).");
    jmx(g, "deadletterqueue-produce-requests", "kafka_connect_task_dlq_produce_requests_total", COUNTER, NONE,
        "Attempted writes to the dead letter queue.");
    jmx(g, "deadletterqueue-produce-failures", "kafka_connect_task_dlq_produce_failures_total", COUNTER, NONE,
        "Failed writes to the dead letter queue.");
    jmx(g, "last-error-timestamp", "kafka_connect_task_last_error_timestamp_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Unix time of the task's last error (0 if none).");

    g = MBeanGroup.WORKER;
    jmx(g, "connector-count", "kafka_connect_worker_connectors", GAUGE, NONE,
        "Connectors running on the worker.");
    jmx(g, "task-count", "kafka_connect_worker_tasks", GAUGE, NONE, "Tasks running on the worker.");
    jmx(g, "connector-startup-attempts-total", "kafka_connect_worker_connector_startup_attempts_total", COUNTER,
        NONE, "Connector starts the worker attempted.");
    jmx(g, "connector-startup-success-total", "kafka_connect_worker_connector_startup_successes_total", COUNTER,
        NONE, "Connector starts that succeeded.");
    jmx(g, "connector-startup-failure-total", "kafka_connect_worker_connector_startup_failures_total", COUNTER,
        NONE, "Connector starts that failed.");
    jmx(g, "connector-startup-success-percentage", "kafka_connect_worker_connector_startup_success_ratio", GAUGE,
        NONE, "Fraction (0-1) of connector starts that succeeded.");
    jmx(g, "connector-startup-failure-percentage", "kafka_connect_worker_connector_startup_failure_ratio", GAUGE,
        NONE, "Fraction (0-1) of connector starts that failed.");
    jmx(g, "task-startup-attempts-total", "kafka_connect_worker_task_startup_attempts_total", COUNTER, NONE,
        "Task starts the worker attempted.");
    jmx(g, "task-startup-success-total", "kafka_connect_worker_task_startup_successes_total", COUNTER, NONE,
        "Task starts that succeeded.");
    jmx(g, "task-startup-failure-total", "kafka_connect_worker_task_startup_failures_total", COUNTER, NONE,
        "Task starts that failed.");
    jmx(g, "task-startup-success-percentage", "kafka_connect_worker_task_startup_success_ratio", GAUGE, NONE,
        "Fraction (0-1) of task starts that succeeded.");
    jmx(g, "task-startup-failure-percentage", "kafka_connect_worker_task_startup_failure_ratio", GAUGE, NONE,
        "Fraction (0-1) of task starts that failed.");

    g = MBeanGroup.WORKER_CONNECTOR;
    jmx(g, "connector-total-task-count", "kafka_connect_worker_connector_assigned_tasks", GAUGE, NONE,
        "Tasks of the connector on this worker.");
    Map<String, String> byState = new LinkedHashMap<>();
    for (String state : List.of("running", "paused", "failed", "unassigned", "restarting", "destroyed")) {
      byState.put(state, "connector-" + state + "-task-count");
    }
    jmxByLabel(g, new MetricSpec("kafka_connect_worker_connector_tasks_by_state", GAUGE,
        "Tasks of the connector on this worker, by the state the worker sees.",
        jmxLabels(g, List.of("state")), "JMX connect-worker-metrics: connector-<state>-task-count", false),
        byState, "state");

    g = MBeanGroup.WORKER_REBALANCE;
    jmx(g, "completed-rebalances-total", "kafka_connect_worker_rebalances_completed_total", COUNTER, NONE,
        "Rebalances this worker completed.");
    jmx(g, "epoch", "kafka_connect_worker_rebalance_epoch", GAUGE, NONE,
        "Epoch (generation) of the worker's group membership.");
    jmx(g, "rebalancing", "kafka_connect_worker_rebalancing", GAUGE, NONE,
        "1 while the worker is rebalancing, else 0.");
    jmx(g, "rebalance-avg-time-ms", "kafka_connect_worker_rebalance_avg_time_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Average time the worker spent rebalancing.");
    jmx(g, "rebalance-max-time-ms", "kafka_connect_worker_rebalance_max_time_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Longest time the worker spent rebalancing.");
    jmx(g, "time-since-last-rebalance-ms", "kafka_connect_worker_time_since_last_rebalance_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Time since the worker completed its last rebalance.");
    note(g, "leader-name", true, "label leader of kafka_connect_worker_rebalance_info");
    note(g, "connect-protocol", true, "label protocol of kafka_connect_worker_rebalance_info");

    g = MBeanGroup.COORDINATOR;
    jmx(g, "assigned-connectors", "kafka_connect_coordinator_assigned_connectors", GAUGE, NONE,
        "Connectors assigned to this worker by the group coordinator.");
    jmx(g, "assigned-tasks", "kafka_connect_coordinator_assigned_tasks", GAUGE, NONE,
        "Tasks assigned to this worker by the group coordinator.");
    jmx(g, "rebalance-total", "kafka_connect_coordinator_rebalances_total", COUNTER, NONE,
        "Group rebalances this worker took part in.");
    jmx(g, "failed-rebalance-total", "kafka_connect_coordinator_failed_rebalances_total", COUNTER, NONE,
        "Group rebalances that failed.");
    jmx(g, "rebalance-latency-total", "kafka_connect_coordinator_rebalance_latency_seconds_total", COUNTER,
        MILLIS_TO_SECONDS, "Time spent in group rebalances.");
    jmx(g, "rebalance-latency-avg", "kafka_connect_coordinator_rebalance_latency_avg_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Average time of a group rebalance.");
    jmx(g, "rebalance-latency-max", "kafka_connect_coordinator_rebalance_latency_max_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Longest group rebalance.");
    jmx(g, "last-rebalance-seconds-ago", "kafka_connect_coordinator_last_rebalance_seconds_ago", GAUGE, NONE,
        "Seconds since the last group rebalance (-1 if none yet).");
    jmx(g, "join-total", "kafka_connect_coordinator_joins_total", COUNTER, NONE, "Group joins.");
    jmx(g, "join-time-avg", "kafka_connect_coordinator_join_time_avg_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Average time of a group join.");
    jmx(g, "join-time-max", "kafka_connect_coordinator_join_time_max_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Longest group join.");
    jmx(g, "sync-total", "kafka_connect_coordinator_syncs_total", COUNTER, NONE, "Group syncs.");
    jmx(g, "sync-time-avg", "kafka_connect_coordinator_sync_time_avg_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Average time of a group sync.");
    jmx(g, "sync-time-max", "kafka_connect_coordinator_sync_time_max_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Longest group sync.");
    jmx(g, "heartbeat-total", "kafka_connect_coordinator_heartbeats_total", COUNTER, NONE,
        "Heartbeats sent to the group coordinator.");
    jmx(g, "heartbeat-response-time-max", "kafka_connect_coordinator_heartbeat_response_time_max_seconds", GAUGE,
        MILLIS_TO_SECONDS, "Longest wait for a heartbeat response.");
    jmx(g, "last-heartbeat-seconds-ago", "kafka_connect_coordinator_last_heartbeat_seconds_ago", GAUGE, NONE,
        "Seconds since the last heartbeat to the group coordinator.");
    rate(g, "rebalance-rate-per-hour", "kafka_connect_coordinator_rebalances_per_hour",
        "Windowed rate of group rebalances per hour.");
    rate(g, "failed-rebalance-rate-per-hour", "kafka_connect_coordinator_failed_rebalances_per_hour",
        "Windowed rate of failed group rebalances per hour.");
    rate(g, "join-rate", "kafka_connect_coordinator_joins_per_second", "Windowed rate of group joins.");
    rate(g, "sync-rate", "kafka_connect_coordinator_syncs_per_second", "Windowed rate of group syncs.");
    rate(g, "heartbeat-rate", "kafka_connect_coordinator_heartbeats_per_second", "Windowed rate of heartbeats.");

    g = MBeanGroup.APP_INFO;
    jmx(g, "start-time-ms", "kafka_connect_worker_start_time_seconds", GAUGE, MILLIS_TO_SECONDS,
        "Unix time the worker started.");
    note(g, "version", true, "label version of kafka_connect_worker_info");
    note(g, "commit-id", true, "label commit of kafka_connect_worker_info");

    g = MBeanGroup.SINK_CONSUMER;
    jmx(g, "records-lag-max", "kafka_connect_sink_task_records_lag_max", GAUGE, NONE,
        "Largest lag in records of the sink task's consumer over any partition in the sample window "
            + "(from the consumer's fetch metrics; Connect's sink-record-lag-max is never registered).");

    g = MBeanGroup.SINK_CONSUMER_PARTITION;
    jmx(g, "records-lag", "kafka_connect_sink_task_partition_records_lag", GAUGE, NONE,
        "Current lag in records of the sink task's consumer on one partition; sum by task for the task's lag.",
        Map.of(), List.of("topic", "partition"));
    note(g, "records-lag-max", false, "windowed max of one partition; the task-wide max is kafka_connect_sink_task_records_lag_max");
  }

  private MetricContract() {
  }

  /** Every JMX attribute mapping, including the optional windowed rates. */
  public static List<JmxMetric> jmxMetrics() {
    return Collections.unmodifiableList(JMX);
  }

  /** JMX attributes that are deliberately not metrics of their own. */
  public static List<JmxAttributeNote> jmxNotes() {
    return Collections.unmodifiableList(NOTES);
  }

  /** Every metric family of the contract, once, in a stable order. */
  public static List<MetricSpec> all() {
    Map<String, MetricSpec> byName = new LinkedHashMap<>();
    Stream.of(CONNECTOR_STATE, TASK_STATE, CONNECTOR_STATE_SINCE, CONNECTOR_STATE_CHANGES, TASK_STATE_SINCE,
            TASK_STATE_CHANGES, CONNECTOR_INFO, CONNECTOR_TASKS_MAX, CONNECTOR_TASKS,
            CONNECTOR_FAILURE, TASK_FAILURE, CONNECTOR_CONFIG, CLUSTER_INFO, WORKER_INFO, TASK_INFO, REBALANCE_INFO)
        .forEach(s -> byName.put(s.name(), s));
    JMX.forEach(m -> byName.putIfAbsent(m.spec().name(), m.spec()));
    Stream.of(TARGET_UP, TARGET_DURATION, TARGET_ERRORS, POLL_DURATION, POLLS, POLL_FAILURES, SNAPSHOT_AGE, SERIES,
        LINGERING_MBEANS, BUILD_INFO, AUTO_RESTARTS, AUTO_RESTART_GAVE_UP).forEach(s -> byName.put(s.name(), s));
    return List.copyOf(byName.values());
  }

  /** Attributes to request from Jolokia for a group: mapped ones (rates only when wanted) and read notes. */
  /** The attributes of a group read as text: the labels of info metrics. */
  public static List<String> textAttributesToRead(MBeanGroup group) {
    return NOTES.stream().filter(n -> n.group() == group && n.read()).map(JmxAttributeNote::attribute).toList();
  }

  public static List<String> attributesToRead(MBeanGroup group, boolean includeRates) {
    List<String> attributes = new ArrayList<>();
    for (JmxMetric m : JMX) {
      if (m.group() == group && (includeRates || !m.spec().optional())) {
        attributes.add(m.attribute());
      }
    }
    for (JmxAttributeNote n : NOTES) {
      if (n.group() == group && n.read()) {
        attributes.add(n.attribute());
      }
    }
    return attributes;
  }

  // ---------------------------------------------------------------- builders of the table above

  private static MetricSpec rest(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(name, kind, help, List.of(labels), "REST", false);
  }

  /** REST states as the exporter remembers them across polls (state/StateTracker). */
  private static MetricSpec remembered(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(name, kind, help, List.of(labels), "REST, remembered by the exporter", false);
  }

  private static MetricSpec self(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(name, kind, help, List.of(labels), "exporter", false);
  }

  private static List<String> jmxLabels(MBeanGroup group, List<String> extra) {
    List<String> labels = new ArrayList<>();
    labels.add("cluster");
    labels.addAll(group.scope().labels());
    labels.add("worker");
    labels.addAll(extra);
    return labels;
  }

  private static MetricSpec jmxSpec(String name, MetricKind kind, String help, MBeanGroup group,
      List<String> extraLabels, String source) {
    return new MetricSpec(name, kind, help, jmxLabels(group, extraLabels), "JMX " + source, false);
  }

  private static void jmx(MBeanGroup g, String attribute, String name, MetricKind kind, Conversion conversion,
      String help) {
    jmx(g, attribute, name, kind, conversion, help, Map.of(), List.of());
  }

  private static void jmx(MBeanGroup g, String attribute, String name, MetricKind kind, Conversion conversion,
      String help, Map<String, String> fixedLabels, List<String> keyLabels) {
    List<String> extra = new ArrayList<>(keyLabels);
    extra.addAll(fixedLabels.keySet());
    MetricSpec spec = new MetricSpec(name, kind, help, jmxLabels(g, extra), "JMX " + g.type() + ": " + attribute,
        false);
    JMX.add(new JmxMetric(g, attribute, spec, conversion, fixedLabels));
  }

  /** Several attributes of one group feeding one metric, told apart by a fixed label. */
  private static void jmxByLabel(MBeanGroup g, MetricSpec spec, Map<String, String> attributeByLabelValue,
      String label) {
    attributeByLabelValue.forEach((value, attribute) ->
        JMX.add(new JmxMetric(g, attribute, spec, NONE, Map.of(label, value))));
  }

  private static void rate(MBeanGroup g, String attribute, String name, String help) {
    JMX.add(new JmxMetric(g, attribute, new MetricSpec(name, GAUGE, help, jmxLabels(g, List.of()),
        "JMX " + g.type() + ": " + attribute, true), NONE, Map.of()));
  }

  private static void note(MBeanGroup g, String attribute, boolean read, String reason) {
    NOTES.add(new JmxAttributeNote(g, attribute, read, reason));
  }
}
