package io.connectexporter.metrics;

import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.MBeanScope.Owner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric metrics of a catalog's MBeans: base units, counters as counters, no series for an
 * attribute without a sample (null, NaN, or a text Jolokia sent instead of a number): never a zero.
 * Labels are {@code cluster}, the scope's labels, {@code worker}, then fixed labels or ObjectName
 * keys.
 */
public final class MBeanSeries {

  private final Map<MBeanGroup, Map<String, List<JmxMetric>>> byGroup = new HashMap<>();

  public MBeanSeries(MBeanCatalog catalog) {
    for (JmxMetric m : catalog.metrics()) {
      byGroup
          .computeIfAbsent(m.group(), g -> new HashMap<>())
          .computeIfAbsent(m.attribute(), a -> new ArrayList<>())
          .add(m);
    }
  }

  /** What the summed metrics of one worker's MBeans add up to, until {@link #flush}. */
  public static final class Sums {
    private final Map<MetricSpec, Map<List<String>, Double>> bySpec = new LinkedHashMap<>();

    void add(MetricSpec spec, String[] labels, double value) {
      bySpec
          .computeIfAbsent(spec, s -> new LinkedHashMap<>())
          .merge(List.of(labels), value, Double::sum);
    }

    /** Adds one series per summed metric and owner. */
    public void flush(SeriesSet out) {
      bySpec.forEach(
          (spec, sums) ->
              sums.forEach((labels, v) -> out.add(spec, v, labels.toArray(String[]::new))));
      bySpec.clear();
    }
  }

  /** The series of one MBean of {@code owner}; summed metrics go to {@code sums}. */
  public void add(
      String cluster, String worker, MBeanReading r, Owner owner, Sums sums, SeriesSet out) {
    Map<String, List<JmxMetric>> byAttribute = byGroup.get(r.group());
    if (byAttribute == null) {
      return;
    }
    for (Map.Entry<String, Object> a : r.attributes().entrySet()) {
      List<JmxMetric> metrics = byAttribute.get(a.getKey());
      if (metrics == null) {
        continue;
      }
      double raw = numeric(a.getValue());
      if (!Double.isFinite(raw)) {
        continue;
      }
      for (JmxMetric m : metrics) {
        if (m.summed()) {
          sums.add(
              m.spec(),
              scopeLabelValues(m.spec().labels().size(), cluster, worker, r.group(), owner),
              m.conversion().apply(raw));
        } else {
          out.add(m.spec(), m.conversion().apply(raw), labelValues(m, cluster, worker, r, owner));
        }
      }
    }
  }

  /**
   * {@code cluster}, then the owner's connector and task as the group's scope names them, then
   * {@code worker}.
   */
  private static String[] scopeLabelValues(
      int size, String cluster, String worker, MBeanGroup group, Owner owner) {
    String[] values = new String[size];
    int i = 0;
    values[i++] = cluster;
    for (String label : group.scope().labels()) {
      values[i++] = label.equals("connector") ? owner.connector() : owner.task();
    }
    values[i] = worker;
    return values;
  }

  private static String[] labelValues(
      JmxMetric m, String cluster, String worker, MBeanReading r, Owner owner) {
    List<String> names = m.spec().labels();
    String[] values = scopeLabelValues(names.size(), cluster, worker, r.group(), owner);
    for (int i = 2 + r.group().scope().labels().size(); i < values.length; i++) {
      String name = names.get(i);
      String fixed = m.fixedLabels().get(name);
      values[i] = fixed != null ? fixed : r.key(m.keyOf(name));
    }
    return values;
  }

  private static double numeric(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Double.NaN;
  }
}
