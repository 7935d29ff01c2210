package io.connectexporter.metrics;

/** How a raw JMX value becomes a Prometheus value in base units. */
public enum Conversion {
  NONE {
    @Override
    public double apply(double v) {
      return v;
    }
  },
  /** Kafka reports times in milliseconds; Prometheus wants seconds. */
  MILLIS_TO_SECONDS {
    @Override
    public double apply(double v) {
      return v / 1000.0;
    }
  };

  public abstract double apply(double raw);
}
