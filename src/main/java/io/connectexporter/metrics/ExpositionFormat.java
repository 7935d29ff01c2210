package io.connectexporter.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two text formats /metrics serves, written as the client library's writers would (labels
 * sorted by name, escaped values, each metric's series together) but straight from the series'
 * label arrays: no per-series {@code Labels} objects, validation or sorting. The label names come
 * from the contract and are valid by construction (checked by the contract tests). The formats
 * differ only in their HELP and TYPE lines: the Prometheus text format 0.0.4 writes HELP then TYPE
 * with the full name; OpenMetrics 1.0.0 TYPE then HELP with the base name (so {@code _total} and
 * {@code _info} samples) and escapes double quotes in HELP too.
 *
 * <p>OpenMetrics is written without its {@code # EOF}: the series computed at scrape time follow,
 * and their writer ends the exposition.
 */
public enum ExpositionFormat {
  TEXT("text/plain; version=0.0.4; charset=utf-8") {
    @Override
    String header(MetricSpec spec) {
      StringBuilder b = new StringBuilder("# HELP ").append(spec.name()).append(' ');
      escape(spec.help(), false, b);
      return b.append("\n# TYPE ")
          .append(spec.name())
          .append(' ')
          .append(spec.kind() == MetricKind.COUNTER ? "counter" : "gauge")
          .append('\n')
          .toString();
    }
  },
  OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8") {
    @Override
    String header(MetricSpec spec) {
      String base = spec.baseName();
      StringBuilder b =
          new StringBuilder("# TYPE ")
              .append(base)
              .append(' ')
              .append(
                  switch (spec.kind()) {
                    case COUNTER -> "counter";
                    case INFO -> "info";
                    case GAUGE -> "gauge";
                  })
              .append("\n# HELP ")
              .append(base)
              .append(' ');
      escape(spec.help(), true, b);
      return b.append('\n').toString();
    }
  };

  private static final int FLUSH_AT = 1 << 16;
  private static final Map<MetricSpec, int[]> LABEL_ORDER = new ConcurrentHashMap<>();

  /**
   * Below this, an integral value is written from its {@code long}: {@link Double#toString} uses
   * plain notation ("1234.0") up to it and "1.0E7" from it on.
   */
  private static final double PLAIN_INTEGRAL_LIMIT = 1e7;

  private final String contentType;
  private final Map<MetricSpec, String> headers = new ConcurrentHashMap<>();

  ExpositionFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The HELP and TYPE lines of a metric: the same at every render, escaped once. */
  abstract String header(MetricSpec spec);

  /**
   * Writes several sets (e.g. every cluster's) as one exposition: each metric's series together.
   */
  public void write(Collection<SeriesSet> sets, OutputStream out) throws IOException {
    Map<MetricSpec, List<SeriesSet.Family>> bySpec = new LinkedHashMap<>();
    sets.forEach(
        set ->
            set.families()
                .forEach((spec, f) -> bySpec.computeIfAbsent(spec, k -> new ArrayList<>()).add(f)));
    StringBuilder b = new StringBuilder(FLUSH_AT + 4096);
    for (Map.Entry<MetricSpec, List<SeriesSet.Family>> family : bySpec.entrySet()) {
      MetricSpec spec = family.getKey();
      String name = spec.name();
      b.append(headers.computeIfAbsent(spec, this::header));
      List<String> labels = spec.labels();
      int[] order = LABEL_ORDER.computeIfAbsent(spec, ExpositionFormat::sortedOrder);
      boolean info = spec.kind() == MetricKind.INFO;
      for (SeriesSet.Family f : family.getValue()) {
        for (int p = 0; p < f.size(); p++) {
          String[] values = f.labels(p);
          b.append(name);
          boolean first = true;
          for (int i : order) {
            b.append(first ? '{' : ',').append(labels.get(i)).append("=\"");
            escape(values[i], true, b);
            b.append('"');
            first = false;
          }
          if (!first) {
            b.append('}');
          }
          b.append(' ');
          if (info) {
            b.append('1');
          } else {
            value(f.value(p), b);
          }
          b.append('\n');
          if (b.length() >= FLUSH_AT) {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            b.setLength(0);
          }
        }
      }
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a sample value as {@link Double#toString} does, infinities as both formats spell them.
   * Most values are integral (one-hot states, counts, ids), and those are appended from their
   * {@code long}: Double.toString's digit generation was the longest compilation of the JIT in a
   * profile of the exporter, compiled again several times as its profile changed, and it costs more
   * than the poll's own work at a small cluster polled once a second.
   */
  static void value(double v, StringBuilder b) {
    long integral = (long) v;
    if (integral == v
        && Math.abs(v) < PLAIN_INTEGRAL_LIMIT
        && (integral != 0 || Double.doubleToRawLongBits(v) == 0L)) {
      b.append(integral).append(".0");
    } else if (v == Double.POSITIVE_INFINITY) {
      b.append("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      b.append("-Inf");
    } else {
      b.append(v);
    }
  }

  private static int[] sortedOrder(MetricSpec spec) {
    List<String> labels = spec.labels();
    Integer[] order = new Integer[labels.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(labels::get));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /**
   * Escapes backslash and newline, and double quote where the format asks: in label values, and in
   * OpenMetrics' HELP (the text format leaves them in HELP).
   */
  private static void escape(String s, boolean quote, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append(quote ? "\\\"" : "\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
  }
}
