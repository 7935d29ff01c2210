package io.connectexporter.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes {@link SeriesSet}s in the OpenMetrics text format 1.0.0, as the client library's writer
 * would (TYPE then HELP with the base name, {@code _total} and {@code _info} samples, labels sorted
 * by name, escaped values), but straight from the label arrays, like {@link TextExposition}.
 * Prometheus asks for OpenMetrics first on every scrape, so this is the format it gets: building
 * the client library's snapshots and writing through them cost more than the whole poll.
 *
 * <p>Writes no {@code # EOF}: the series computed at scrape time follow, and their writer ends the
 * exposition.
 */
public final class OpenMetricsExposition {

  public static final String CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final int FLUSH_AT = 1 << 16;
  private static final Map<MetricSpec, String> HEADERS = new ConcurrentHashMap<>();

  private OpenMetricsExposition() {}

  /**
   * Writes several sets (e.g. every cluster's) as one exposition: each metric's series together.
   */
  public static void write(Collection<SeriesSet> sets, OutputStream out) throws IOException {
    Map<MetricSpec, List<SeriesSet.Family>> bySpec = new LinkedHashMap<>();
    sets.forEach(
        set ->
            set.families()
                .forEach((spec, f) -> bySpec.computeIfAbsent(spec, k -> new ArrayList<>()).add(f)));
    StringBuilder b = new StringBuilder(FLUSH_AT + 4096);
    for (Map.Entry<MetricSpec, List<SeriesSet.Family>> family : bySpec.entrySet()) {
      MetricSpec spec = family.getKey();
      b.append(HEADERS.computeIfAbsent(spec, OpenMetricsExposition::header));
      List<String> labels = spec.labels();
      int[] order = TextExposition.labelOrder(spec);
      for (SeriesSet.Family f : family.getValue()) {
        for (int p = 0; p < f.size(); p++) {
          String[] values = f.labels(p);
          b.append(spec.name());
          boolean first = true;
          for (int i : order) {
            b.append(first ? '{' : ',').append(labels.get(i)).append("=\"");
            escape(values[i], b);
            b.append('"');
            first = false;
          }
          if (!first) {
            b.append('}');
          }
          b.append(' ');
          if (spec.kind() == MetricKind.INFO) {
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

  /** The TYPE and HELP lines of a metric: the same at every render, escaped once. */
  private static String header(MetricSpec spec) {
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
    escape(spec.help(), b);
    return b.append('\n').toString();
  }

  private static void value(double v, StringBuilder b) {
    if (v == Double.POSITIVE_INFINITY) {
      b.append("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      b.append("-Inf");
    } else {
      b.append(v);
    }
  }

  /** OpenMetrics escapes backslash, double quote and newline, in label values and in HELP alike. */
  private static void escape(String s, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
  }
}
