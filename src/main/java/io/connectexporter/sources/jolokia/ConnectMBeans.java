package io.connectexporter.sources.jolokia;

import static io.connectexporter.metrics.Conversion.MILLIS_TO_SECONDS;
import static io.connectexporter.metrics.Conversion.NONE;
import static io.connectexporter.metrics.MetricKind.COUNTER;
import static io.connectexporter.metrics.MetricKind.GAUGE;

import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Connect MBeans every worker registers (kafka.connect and a sink task's consumer) and the
 * metrics they become: this source's slice of the metric contract. Each group's pattern lists the
 * exact key set so that MBeans with other keys never mix in one read.
 */
public final class ConnectMBeans {

  public static final MBeanGroup CONNECTOR =
      new MBeanGroup("kafka.connect:type=connector-metrics,connector=*", MBeanScope.CONNECTOR);
  public static final MBeanGroup CONNECTOR_TASK =
      new MBeanGroup(
          "kafka.connect:type=connector-task-metrics,connector=*,task=*", MBeanScope.TASK);
  public static final MBeanGroup SOURCE_TASK =
      new MBeanGroup("kafka.connect:type=source-task-metrics,connector=*,task=*", MBeanScope.TASK);
  public static final MBeanGroup SINK_TASK =
      new MBeanGroup("kafka.connect:type=sink-task-metrics,connector=*,task=*", MBeanScope.TASK);
  public static final MBeanGroup TASK_ERROR =
      new MBeanGroup("kafka.connect:type=task-error-metrics,connector=*,task=*", MBeanScope.TASK);
  public static final MBeanGroup WORKER =
      new MBeanGroup("kafka.connect:type=connect-worker-metrics", MBeanScope.WORKER);
  public static final MBeanGroup WORKER_CONNECTOR =
      new MBeanGroup("kafka.connect:type=connect-worker-metrics,connector=*", MBeanScope.CONNECTOR);
  public static final MBeanGroup WORKER_REBALANCE =
      new MBeanGroup("kafka.connect:type=connect-worker-rebalance-metrics", MBeanScope.WORKER);
  public static final MBeanGroup COORDINATOR =
      new MBeanGroup(
          "kafka.connect:type=connect-coordinator-metrics,client-id=*", MBeanScope.WORKER);
  public static final MBeanGroup APP_INFO =
      new MBeanGroup("kafka.connect:type=app-info,client-id=*", MBeanScope.WORKER);

  /** A sink task's consumer: client-id {@code connector-consumer-<connector>-<task>}. */
  public static final MBeanGroup SINK_CONSUMER =
      new MBeanGroup(
          "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-*",
          MBeanScope.SINK_CONSUMER);

  public static final MBeanGroup SINK_CONSUMER_PARTITION =
      new MBeanGroup(
          "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-*,topic=*,partition=*",
          MBeanScope.SINK_CONSUMER);

  public static final MetricSpec WORKER_INFO;
  public static final MetricSpec TASK_INFO;
  public static final MetricSpec REBALANCE_INFO;

  /** Every group, mapping and note above, built once. */
  public static final MBeanCatalog CATALOG;

  private static final MBeanCatalog.Builder B = MBeanCatalog.builder();

  static {
    // Groups in the order they are read (the bulk answer comes back in this order).
    for (MBeanGroup g :
        List.of(
            CONNECTOR,
            CONNECTOR_TASK,
            SOURCE_TASK,
            SINK_TASK,
            TASK_ERROR,
            WORKER,
            WORKER_CONNECTOR,
            WORKER_REBALANCE,
            COORDINATOR,
            APP_INFO,
            SINK_CONSUMER,
            SINK_CONSUMER_PARTITION)) {
      B.group(g);
    }
    B.group(APP_INFO);
    WORKER_INFO =
        B.info(
            "kafka_connect_worker_info",
            "Kafka version and commit of the worker (app-info MBean).",
            List.of("version", "commit"),
            "version, commit-id");
    B.group(CONNECTOR_TASK);
    TASK_INFO =
        B.info(
            "kafka_connect_task_info",
            "Task and converter classes of the task (connector-task-metrics, Kafka 4.x and later).",
            List.of(
                "task_class",
                "task_version",
                "key_converter",
                "value_converter",
                "header_converter"),
            "task-class, task-version, key/value/header-converter-class");
    B.group(WORKER_REBALANCE);
    REBALANCE_INFO =
        B.info(
            "kafka_connect_worker_rebalance_info",
            "The group leader and Connect protocol as this worker sees them.",
            List.of("leader", "protocol"),
            "leader-name, connect-protocol");
    // connector-metrics: strings only; REST reports state, type and class for the whole cluster.
    B.group(CONNECTOR);
    B.note("connector-version", true, "label version of kafka_connect_connector_info");
    B.note("status", false, "superseded by the REST state: kafka_connect_connector_state");
    B.note("connector-class", false, "from REST: kafka_connect_connector_info");
    B.note("connector-type", false, "from REST: kafka_connect_connector_info");

    B.group(CONNECTOR_TASK);
    B.metric(
        "batch-size-avg",
        "kafka_connect_task_batch_size_avg",
        GAUGE,
        NONE,
        "Average size of the batches the task processed (records).");
    B.metric(
        "batch-size-max",
        "kafka_connect_task_batch_size_max",
        GAUGE,
        NONE,
        "Largest batch the task processed (records).");
    B.metric(
        "offset-commit-avg-time-ms",
        "kafka_connect_task_offset_commit_avg_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time the task took to commit offsets.");
    B.metric(
        "offset-commit-max-time-ms",
        "kafka_connect_task_offset_commit_max_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest time the task took to commit offsets.");
    B.metric(
        "offset-commit-failure-percentage",
        "kafka_connect_task_offset_commit_failure_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of the task's offset commit attempts that failed.");
    B.metric(
        "offset-commit-success-percentage",
        "kafka_connect_task_offset_commit_success_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of the task's offset commit attempts that succeeded.");
    B.metric(
        "pause-ratio",
        "kafka_connect_task_pause_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of time the task spent paused.");
    B.metric(
        "running-ratio",
        "kafka_connect_task_running_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of time the task spent running.");
    B.note("status", false, "superseded by the REST state: kafka_connect_task_state");
    B.note("task-class", true, "label task_class of kafka_connect_task_info");
    B.note("task-version", true, "label task_version of kafka_connect_task_info");
    B.note("key-converter-class", true, "label key_converter of kafka_connect_task_info");
    B.note("value-converter-class", true, "label value_converter of kafka_connect_task_info");
    B.note("header-converter-class", true, "label header_converter of kafka_connect_task_info");
    B.note("connector-class", false, "from REST: kafka_connect_connector_info");
    B.note("connector-type", false, "from REST: kafka_connect_connector_info");
    B.note("connector-version", false, "kafka_connect_connector_info");
    for (String converter : List.of("key", "value", "header")) {
      B.note(
          converter + "-converter-version",
          false,
          "converter plugin version; the class is in kafka_connect_task_info");
    }

    B.group(SOURCE_TASK);
    B.metric(
        "source-record-poll-total",
        "kafka_connect_source_task_records_polled_total",
        COUNTER,
        NONE,
        "Records the source task produced or polled, before transformations.");
    B.rate(
        "source-record-poll-rate",
        "kafka_connect_source_task_records_polled_per_second",
        "Windowed rate of records polled (Kafka's own rate; prefer rate() of the counter).");
    B.metric(
        "source-record-write-total",
        "kafka_connect_source_task_records_written_total",
        COUNTER,
        NONE,
        "Records output by the transformations and written to Kafka (includes records dropped by transformations).");
    B.rate(
        "source-record-write-rate",
        "kafka_connect_source_task_records_written_per_second",
        "Windowed rate of records written (Kafka's own rate; prefer rate() of the counter).");
    B.metric(
        "poll-batch-avg-time-ms",
        "kafka_connect_source_task_poll_batch_avg_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time to poll a batch of source records.");
    B.metric(
        "poll-batch-max-time-ms",
        "kafka_connect_source_task_poll_batch_max_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest time to poll a batch of source records.");
    B.metric(
        "source-record-active-count",
        "kafka_connect_source_task_active_records",
        GAUGE,
        NONE,
        "Records polled but not yet completely written to Kafka.");
    B.metric(
        "source-record-active-count-avg",
        "kafka_connect_source_task_active_records_avg",
        GAUGE,
        NONE,
        "Average number of records polled but not yet completely written to Kafka.");
    B.metric(
        "source-record-active-count-max",
        "kafka_connect_source_task_active_records_max",
        GAUGE,
        NONE,
        "Largest number of records polled but not yet completely written to Kafka.");
    B.metric(
        "transaction-size-avg",
        "kafka_connect_source_task_transaction_size_avg",
        GAUGE,
        NONE,
        "Average records per transaction (exactly-once source connectors).");
    B.metric(
        "transaction-size-max",
        "kafka_connect_source_task_transaction_size_max",
        GAUGE,
        NONE,
        "Largest transaction in records (exactly-once source connectors).");
    B.metric(
        "transaction-size-min",
        "kafka_connect_source_task_transaction_size_min",
        GAUGE,
        NONE,
        "Smallest transaction in records (exactly-once source connectors).");

    B.group(SINK_TASK);
    B.metric(
        "sink-record-read-total",
        "kafka_connect_sink_task_records_read_total",
        COUNTER,
        NONE,
        "Records the sink task read from Kafka, before transformations.");
    B.rate(
        "sink-record-read-rate",
        "kafka_connect_sink_task_records_read_per_second",
        "Windowed rate of records read (Kafka's own rate; prefer rate() of the counter).");
    B.metric(
        "sink-record-send-total",
        "kafka_connect_sink_task_records_sent_total",
        COUNTER,
        NONE,
        "Records output by the transformations and sent to the sink task.");
    B.rate(
        "sink-record-send-rate",
        "kafka_connect_sink_task_records_sent_per_second",
        "Windowed rate of records sent (Kafka's own rate; prefer rate() of the counter).");
    B.metric(
        "sink-record-active-count",
        "kafka_connect_sink_task_active_records",
        GAUGE,
        NONE,
        "Records read from Kafka but not yet completely committed by the sink task.");
    B.metric(
        "sink-record-active-count-avg",
        "kafka_connect_sink_task_active_records_avg",
        GAUGE,
        NONE,
        "Average number of records read but not yet completely committed.");
    B.metric(
        "sink-record-active-count-max",
        "kafka_connect_sink_task_active_records_max",
        GAUGE,
        NONE,
        "Largest number of records read but not yet completely committed.");
    B.metric(
        "put-batch-avg-time-ms",
        "kafka_connect_sink_task_put_batch_avg_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time the task took to put a batch of records.");
    B.metric(
        "put-batch-max-time-ms",
        "kafka_connect_sink_task_put_batch_max_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest time the task took to put a batch of records.");
    B.metric(
        "partition-count",
        "kafka_connect_sink_task_partitions",
        GAUGE,
        NONE,
        "Topic partitions assigned to the sink task.");
    B.metric(
        "offset-commit-seq-no",
        "kafka_connect_sink_task_offset_commit_seq_no",
        GAUGE,
        NONE,
        "Sequence number of the task's current offset commit.");
    B.metric(
        "offset-commit-completion-total",
        "kafka_connect_sink_task_offset_commit_completions_total",
        COUNTER,
        NONE,
        "Offset commits that completed.");
    B.rate(
        "offset-commit-completion-rate",
        "kafka_connect_sink_task_offset_commit_completions_per_second",
        "Windowed rate of completed offset commits.");
    B.metric(
        "offset-commit-skip-total",
        "kafka_connect_sink_task_offset_commit_skips_total",
        COUNTER,
        NONE,
        "Offset commits that were received too late and skipped.");
    B.rate(
        "offset-commit-skip-rate",
        "kafka_connect_sink_task_offset_commit_skips_per_second",
        "Windowed rate of skipped offset commits.");
    B.note(
        "sink-record-lag-max",
        false,
        "documented but never registered by Connect: lag comes from the consumer (kafka_connect_sink_task_records_lag*)");

    B.group(TASK_ERROR);
    B.metric(
        "total-record-errors",
        "kafka_connect_task_record_errors_total",
        COUNTER,
        NONE,
        "Record processing errors in the task.");
    B.metric(
        "total-record-failures",
        "kafka_connect_task_record_failures_total",
        COUNTER,
        NONE,
        "Record processing failures in the task (each retry counts).");
    B.metric(
        "total-records-skipped",
        "kafka_connect_task_records_skipped_total",
        COUNTER,
        NONE,
        "Records skipped because of errors (errors.tolerance=all).");
    B.metric(
        "total-retries",
        "kafka_connect_task_retries_total",
        COUNTER,
        NONE,
        "Operations retried after an error.");
    B.metric(
        "total-errors-logged",
        "kafka_connect_task_errors_logged_total",
        COUNTER,
        NONE,
        "Errors written to the log (errors.log.enable=true).");
    B.metric(
        "deadletterqueue-produce-requests",
        "kafka_connect_task_dlq_produce_requests_total",
        COUNTER,
        NONE,
        "Attempted writes to the dead letter queue.");
    B.metric(
        "deadletterqueue-produce-failures",
        "kafka_connect_task_dlq_produce_failures_total",
        COUNTER,
        NONE,
        "Failed writes to the dead letter queue.");
    B.metric(
        "last-error-timestamp",
        "kafka_connect_task_last_error_timestamp_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Unix time of the task's last error (0 if none).");

    B.group(WORKER);
    B.metric(
        "connector-count",
        "kafka_connect_worker_connectors",
        GAUGE,
        NONE,
        "Connectors running on the worker.");
    B.metric(
        "task-count", "kafka_connect_worker_tasks", GAUGE, NONE, "Tasks running on the worker.");
    B.metric(
        "connector-startup-attempts-total",
        "kafka_connect_worker_connector_startup_attempts_total",
        COUNTER,
        NONE,
        "Connector starts the worker attempted.");
    B.metric(
        "connector-startup-success-total",
        "kafka_connect_worker_connector_startup_successes_total",
        COUNTER,
        NONE,
        "Connector starts that succeeded.");
    B.metric(
        "connector-startup-failure-total",
        "kafka_connect_worker_connector_startup_failures_total",
        COUNTER,
        NONE,
        "Connector starts that failed.");
    B.metric(
        "connector-startup-success-percentage",
        "kafka_connect_worker_connector_startup_success_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of connector starts that succeeded.");
    B.metric(
        "connector-startup-failure-percentage",
        "kafka_connect_worker_connector_startup_failure_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of connector starts that failed.");
    B.metric(
        "task-startup-attempts-total",
        "kafka_connect_worker_task_startup_attempts_total",
        COUNTER,
        NONE,
        "Task starts the worker attempted.");
    B.metric(
        "task-startup-success-total",
        "kafka_connect_worker_task_startup_successes_total",
        COUNTER,
        NONE,
        "Task starts that succeeded.");
    B.metric(
        "task-startup-failure-total",
        "kafka_connect_worker_task_startup_failures_total",
        COUNTER,
        NONE,
        "Task starts that failed.");
    B.metric(
        "task-startup-success-percentage",
        "kafka_connect_worker_task_startup_success_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of task starts that succeeded.");
    B.metric(
        "task-startup-failure-percentage",
        "kafka_connect_worker_task_startup_failure_ratio",
        GAUGE,
        NONE,
        "Fraction (0-1) of task starts that failed.");

    B.group(WORKER_CONNECTOR);
    B.metric(
        "connector-total-task-count",
        "kafka_connect_worker_connector_assigned_tasks",
        GAUGE,
        NONE,
        "Tasks of the connector on this worker.");
    Map<String, String> byState = new LinkedHashMap<>();
    for (String state :
        List.of("running", "paused", "failed", "unassigned", "restarting", "destroyed")) {
      byState.put(state, "connector-" + state + "-task-count");
    }
    B.metricByLabel(
        "kafka_connect_worker_connector_tasks_by_state",
        "Tasks of the connector on this worker, by the state the worker sees.",
        "state",
        byState,
        "connector-<state>-task-count");

    B.group(WORKER_REBALANCE);
    B.metric(
        "completed-rebalances-total",
        "kafka_connect_worker_rebalances_completed_total",
        COUNTER,
        NONE,
        "Rebalances this worker completed.");
    B.metric(
        "epoch",
        "kafka_connect_worker_rebalance_epoch",
        GAUGE,
        NONE,
        "Epoch (generation) of the worker's group membership.");
    B.metric(
        "rebalancing",
        "kafka_connect_worker_rebalancing",
        GAUGE,
        NONE,
        "1 while the worker is rebalancing, else 0.");
    B.metric(
        "rebalance-avg-time-ms",
        "kafka_connect_worker_rebalance_avg_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time the worker spent rebalancing.");
    B.metric(
        "rebalance-max-time-ms",
        "kafka_connect_worker_rebalance_max_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest time the worker spent rebalancing.");
    B.metric(
        "time-since-last-rebalance-ms",
        "kafka_connect_worker_time_since_last_rebalance_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Time since the worker completed its last rebalance.");
    B.note("leader-name", true, "label leader of kafka_connect_worker_rebalance_info");
    B.note("connect-protocol", true, "label protocol of kafka_connect_worker_rebalance_info");

    B.group(COORDINATOR);
    B.metric(
        "assigned-connectors",
        "kafka_connect_coordinator_assigned_connectors",
        GAUGE,
        NONE,
        "Connectors assigned to this worker by the group coordinator.");
    B.metric(
        "assigned-tasks",
        "kafka_connect_coordinator_assigned_tasks",
        GAUGE,
        NONE,
        "Tasks assigned to this worker by the group coordinator.");
    B.metric(
        "rebalance-total",
        "kafka_connect_coordinator_rebalances_total",
        COUNTER,
        NONE,
        "Group rebalances this worker took part in.");
    B.metric(
        "failed-rebalance-total",
        "kafka_connect_coordinator_failed_rebalances_total",
        COUNTER,
        NONE,
        "Group rebalances that failed.");
    B.metric(
        "rebalance-latency-total",
        "kafka_connect_coordinator_rebalance_latency_seconds_total",
        COUNTER,
        MILLIS_TO_SECONDS,
        "Time spent in group rebalances.");
    B.metric(
        "rebalance-latency-avg",
        "kafka_connect_coordinator_rebalance_latency_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time of a group rebalance.");
    B.metric(
        "rebalance-latency-max",
        "kafka_connect_coordinator_rebalance_latency_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest group rebalance.");
    B.metric(
        "last-rebalance-seconds-ago",
        "kafka_connect_coordinator_last_rebalance_seconds_ago",
        GAUGE,
        NONE,
        "Seconds since the last group rebalance (-1 if none yet).");
    B.metric("join-total", "kafka_connect_coordinator_joins_total", COUNTER, NONE, "Group joins.");
    B.metric(
        "join-time-avg",
        "kafka_connect_coordinator_join_time_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time of a group join.");
    B.metric(
        "join-time-max",
        "kafka_connect_coordinator_join_time_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest group join.");
    B.metric("sync-total", "kafka_connect_coordinator_syncs_total", COUNTER, NONE, "Group syncs.");
    B.metric(
        "sync-time-avg",
        "kafka_connect_coordinator_sync_time_avg_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Average time of a group sync.");
    B.metric(
        "sync-time-max",
        "kafka_connect_coordinator_sync_time_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest group sync.");
    B.metric(
        "heartbeat-total",
        "kafka_connect_coordinator_heartbeats_total",
        COUNTER,
        NONE,
        "Heartbeats sent to the group coordinator.");
    B.metric(
        "heartbeat-response-time-max",
        "kafka_connect_coordinator_heartbeat_response_time_max_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Longest wait for a heartbeat response.");
    B.metric(
        "last-heartbeat-seconds-ago",
        "kafka_connect_coordinator_last_heartbeat_seconds_ago",
        GAUGE,
        NONE,
        "Seconds since the last heartbeat to the group coordinator.");
    B.rate(
        "rebalance-rate-per-hour",
        "kafka_connect_coordinator_rebalances_per_hour",
        "Windowed rate of group rebalances per hour.");
    B.rate(
        "failed-rebalance-rate-per-hour",
        "kafka_connect_coordinator_failed_rebalances_per_hour",
        "Windowed rate of failed group rebalances per hour.");
    B.rate(
        "join-rate", "kafka_connect_coordinator_joins_per_second", "Windowed rate of group joins.");
    B.rate(
        "sync-rate", "kafka_connect_coordinator_syncs_per_second", "Windowed rate of group syncs.");
    B.rate(
        "heartbeat-rate",
        "kafka_connect_coordinator_heartbeats_per_second",
        "Windowed rate of heartbeats.");

    B.group(APP_INFO);
    B.metric(
        "start-time-ms",
        "kafka_connect_worker_start_time_seconds",
        GAUGE,
        MILLIS_TO_SECONDS,
        "Unix time the worker started.");
    B.note("version", true, "label version of kafka_connect_worker_info");
    B.note("commit-id", true, "label commit of kafka_connect_worker_info");

    B.group(SINK_CONSUMER);
    B.metric(
        "records-lag-max",
        "kafka_connect_sink_task_records_lag_max",
        GAUGE,
        NONE,
        "Largest lag in records of the sink task's consumer over any partition in the sample window "
            + "(from the consumer's fetch metrics; Connect's sink-record-lag-max is never registered).");

    B.group(SINK_CONSUMER_PARTITION);
    B.metric(
        "records-lag",
        "kafka_connect_sink_task_partition_records_lag",
        GAUGE,
        NONE,
        "Current lag in records of the sink task's consumer on one partition; sum by task for the task's lag.",
        Map.of(),
        List.of("topic", "partition"));
    B.note(
        "records-lag-max",
        false,
        "windowed max of one partition; the task-wide max is kafka_connect_sink_task_records_lag_max");
    B.sum(
        "records-lag",
        "kafka_connect_sink_task_records_lag",
        GAUGE,
        "Current lag in records of the sink task's consumer: the sum over its partitions (one series per task, "
            + "kept when metrics.partition-lag is off).");
    CATALOG = B.build();
  }

  private ConnectMBeans() {}
}
