package io.connectexporter.metrics;

/**
 * Prometheus metric types we expose. Counter names end in {@code _total}, info names in {@code
 * _info}.
 */
public enum MetricKind {
  GAUGE,
  COUNTER,
  INFO;

  public String promType() {
    return switch (this) {
      case GAUGE -> "gauge";
      case COUNTER -> "counter";
      case INFO -> "info";
    };
  }
}
