package io.connectexporter.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole exporter configuration, validated.
 *
 * @param listenSecurity TLS and basic auth of the exporter's own endpoints
 * @param pollDeadline the longest a poll cycle may take; slower targets count as timeouts
 * @param concurrency requests in flight at once, across all clusters
 * @param includeRates export Kafka's windowed {@code -rate} attributes too
 * @param unhealthyAfterMissedPolls {@code /-/healthy} fails once a cluster has not completed a poll
 *     for this many intervals
 */
public record ExporterConfig(
    String listenHost,
    int listenPort,
    ListenSecurity listenSecurity,
    Duration pollInterval,
    Duration pollDeadline,
    int concurrency,
    boolean includeRates,
    int unhealthyAfterMissedPolls,
    List<ClusterConfig> clusters) {

  public ExporterConfig {
    clusters = List.copyOf(clusters);
  }
}
