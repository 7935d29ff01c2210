package io.connectexporter.model;

import java.util.Map;

/**
 * How one scrape target (a cluster's REST API, or one worker's Jolokia agent) answered in the last
 * poll, plus its cumulative error counts by reason.
 *
 * @param source "rest" or "jolokia"
 * @param target the URL polled, without credentials
 * @param workerId the worker for a Jolokia target, "" for REST
 * @param error the last poll's error reason, or null when it succeeded
 */
public record TargetHealth(
    String source,
    String target,
    String workerId,
    boolean up,
    double durationSeconds,
    String error,
    Map<String, Long> errorsByReason) {

  public TargetHealth {
    errorsByReason = Map.copyOf(errorsByReason);
  }
}
