package io.connectexporter.metrics;

import java.util.List;

/**
 * One exposed metric family: its full exposed name (with {@code _total} for counters and {@code
 * _info} for info metrics, as a user sees it in a query), type, help and label names.
 *
 * @param source where the value comes from, as shown in the README's metric table
 * @param optional true when only exported with an option (Kafka's windowed rates)
 */
public record MetricSpec(
    String name,
    MetricKind kind,
    String help,
    List<String> labels,
    String source,
    boolean optional) {

  public MetricSpec {
    labels = List.copyOf(labels);
    if (kind == MetricKind.COUNTER && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter without _total: " + name);
    }
    if (kind == MetricKind.INFO && !name.endsWith("_info")) {
      throw new IllegalArgumentException("info metric without _info: " + name);
    }
    if (kind == MetricKind.GAUGE && (name.endsWith("_total") || name.endsWith("_count"))) {
      throw new IllegalArgumentException("gauge named like a counter: " + name);
    }
  }

  /** Names are unique in the contract; hashing only the (cached) name keeps series maps cheap. */
  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricSpec m
        && m.name.equals(name)
        && m.kind == kind
        && m.labels.equals(labels)
        && m.help.equals(help)
        && m.source.equals(source)
        && m.optional == optional;
  }

  /** The name the Prometheus client's builders take: without the suffix the client appends. */
  public String baseName() {
    return switch (kind) {
      case COUNTER -> name.substring(0, name.length() - "_total".length());
      case INFO -> name.substring(0, name.length() - "_info".length());
      case GAUGE -> name;
    };
  }
}
