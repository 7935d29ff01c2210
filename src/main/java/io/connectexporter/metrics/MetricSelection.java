package io.connectexporter.metrics;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.config.MetricsSettings.Profile;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which metric families of the contract a cluster exports: a profile, plus families included or
 * excluded by pattern. Applied before scraping (an MBean attribute no selected family needs is
 * never requested) and to every series a source adds, so that it holds for every source alike.
 */
public final class MetricSelection {

  /**
   * The families of the minimal profile: what the shipped alerts (recording rules included) and the
   * overview dashboard read, besides the exporter's own metrics. A test checks both against it.
   */
  public static final Set<String> MINIMAL_FAMILIES =
      Set.of(
          "kafka_connect_connector_state",
          "kafka_connect_task_state",
          "kafka_connect_connector_info",
          "kafka_connect_connector_tasks",
          "kafka_connect_connector_tasks_max",
          "kafka_connect_connector_failure_info",
          "kafka_connect_task_failure_info",
          "kafka_connect_cluster_info",
          "kafka_connect_worker_info",
          "kafka_connect_source_task_records_written_total",
          "kafka_connect_sink_task_records_read_total",
          "kafka_connect_sink_task_records_sent_total",
          "kafka_connect_sink_task_records_lag",
          "kafka_connect_task_record_errors_total",
          "kafka_connect_task_dlq_produce_failures_total",
          "kafka_connect_worker_rebalancing",
          "kafka_connect_worker_rebalances_completed_total",
          "kafka_connect_worker_healthy",
          "kafka_connect_worker_health_status",
          "kafka_connect_mirror_replication_latency_avg_seconds");

  private static final String SELF_PREFIX = "kafka_connect_exporter_";
  private static final String PARTITION_LAG = "kafka_connect_sink_task_partition_records_lag";

  private final MetricsSettings settings;
  private final boolean includeRates;
  private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

  /**
   * @param includeRates Kafka's windowed rates on top of the profile (the exporter-wide {@code
   *     metrics.include-rates}: the same as profile full for default)
   */
  public MetricSelection(MetricsSettings settings, boolean includeRates) {
    this.settings = settings;
    this.includeRates = includeRates;
  }

  public boolean includes(MetricSpec spec) {
    return decided.computeIfAbsent(spec.name(), name -> decide(name, spec.optional()));
  }

  /**
   * True: a state metric has one series per possible state (0 or 1); false (minimal): only the
   * current state's series, which is what alerts on {@code state="FAILED"} need.
   */
  public boolean everyState() {
    return settings.profile() != Profile.MINIMAL;
  }

  private boolean decide(String name, boolean optional) {
    for (Pattern p : settings.exclude()) {
      if (p.matcher(name).matches()) {
        return false;
      }
    }
    if (name.equals(PARTITION_LAG) && !settings.partitionLag()) {
      return false;
    }
    for (Pattern p : settings.include()) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    boolean inProfile =
        switch (settings.profile()) {
          case MINIMAL -> MINIMAL_FAMILIES.contains(name) || name.startsWith(SELF_PREFIX);
          case DEFAULT -> !optional;
          case FULL -> true;
        };
    return inProfile || optional && includeRates;
  }
}
