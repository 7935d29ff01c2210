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
 * Writes a {@link SeriesSet} in the Prometheus text format 0.0.4, as the client library's writer
 * would (HELP and TYPE with the full name, labels sorted by name, escaped values), but straight
 * from the label arrays: no per-series {@code Labels} objects, validation or sorting. The label
 * names come from the contract and are valid by construction (checked by the contract tests).
 */
public final class TextExposition {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final int FLUSH_AT = 1 << 16;
  private static final Map<MetricSpec, int[]> LABEL_ORDER = new ConcurrentHashMap<>();
  private static final Map<MetricSpec, String> HEADERS = new ConcurrentHashMap<>();

  private TextExposition() {}

  public static void write(SeriesSet set, OutputStream out) throws IOException {
    write(List.of(set), out);
  }

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
      String name = spec.name();
      b.append(HEADERS.computeIfAbsent(spec, TextExposition::header));
      List<String> labels = spec.labels();
      int[] order = labelOrder(spec);
      for (SeriesSet.Family f : family.getValue()) {
        for (int p = 0; p < f.size(); p++) {
          String[] values = f.labels(p);
          b.append(name);
          boolean first = true;
          for (int i : order) {
            b.append(first ? '{' : ',').append(labels.get(i)).append("=\"");
            escapeLabel(values[i], b);
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
            b.append(f.value(p));
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
   * Indexes of the spec's labels in name order (the order both formats write them in), computed
   * once.
   */
  static int[] labelOrder(MetricSpec spec) {
    return LABEL_ORDER.computeIfAbsent(spec, TextExposition::sortedOrder);
  }

  /** The HELP and TYPE lines of a metric: the same at every render, escaped once. */
  private static String header(MetricSpec spec) {
    StringBuilder b = new StringBuilder("# HELP ").append(spec.name()).append(' ');
    escapeHelp(spec.help(), b);
    return b.append("\n# TYPE ")
        .append(spec.name())
        .append(' ')
        .append(spec.kind() == MetricKind.COUNTER ? "counter" : "gauge")
        .append('\n')
        .toString();
  }

  private static int[] sortedOrder(MetricSpec spec) {
    List<String> labels = spec.labels();
    Integer[] order = new Integer[labels.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(labels::get));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  private static void escapeLabel(String s, StringBuilder b) {
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

  private static void escapeHelp(String s, StringBuilder b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
  }
}
