package io.connectexporter.metrics;

import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.MBeanScope.Owner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numeric metrics of a catalog's MBeans: base units, counters as counters, no series for an
 * attribute without a sample (null, NaN, or a text Jolokia sent instead of a number): never a zero.
 * Labels are {@code cluster}, the scope's labels, {@code worker}, then fixed labels or ObjectName keys.
 */
public final class MBeanSeries {

  private final Map<MBeanGroup, Map<String, List<JmxMetric>>> byGroup = new HashMap<>();

  public MBeanSeries(MBeanCatalog catalog) {
    for (JmxMetric m : catalog.metrics()) {
      byGroup.computeIfAbsent(m.group(), g -> new HashMap<>())
          .computeIfAbsent(m.attribute(), a -> new ArrayList<>()).add(m);
    }
  }

  /** The series of one MBean of {@code owner}, for the selected metrics. */
  public void add(String cluster, String worker, MBeanReading r, Owner owner, MetricSelection selection,
      SeriesSet out) {
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
        if (selection.includes(m.spec())) {
          out.add(m.spec(), m.conversion().apply(raw), labelValues(m, cluster, worker, r, owner));
        }
      }
    }
  }

  /** {@code cluster}, then the owner's connector and task as the group's scope names them, then {@code worker}. */
  public static String[] scopeLabelValues(int size, String cluster, String worker, MBeanGroup group, Owner owner) {
    String[] values = new String[size];
    int i = 0;
    values[i++] = cluster;
    for (String label : group.scope().labels()) {
      values[i++] = label.equals("connector") ? owner.connector() : owner.task();
    }
    values[i] = worker;
    return values;
  }

  private static String[] labelValues(JmxMetric m, String cluster, String worker, MBeanReading r, Owner owner) {
    List<String> names = m.spec().labels();
    String[] values = scopeLabelValues(names.size(), cluster, worker, r.group(), owner);
    for (int i = 2 + r.group().scope().labels().size(); i < values.length; i++) {
      String name = names.get(i);
      String fixed = m.fixedLabels().get(name);
      values[i] = fixed != null ? fixed : r.key(name);
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
