package io.connectexporter.model;

import java.util.List;

/**
 * What one poll of a cluster's REST API returned.
 *
 * @param version Connect version from {@code GET /}, null if not known yet
 * @param commit Connect commit id from {@code GET /}, null if not known yet
 * @param kafkaClusterId the Kafka cluster id from {@code GET /}, null if not known yet
 */
public record RestSnapshot(
    String version, String commit, String kafkaClusterId, List<ConnectorView> connectors) {

  public RestSnapshot {
    connectors = List.copyOf(connectors);
  }
}
