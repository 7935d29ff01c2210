package io.connectexporter.metrics;

import static io.connectexporter.metrics.MetricContract.LINGERING_MBEANS;
import static io.connectexporter.metrics.MetricContract.REBALANCE_INFO;
import static io.connectexporter.metrics.MetricContract.TASK_INFO;
import static io.connectexporter.metrics.MetricContract.WORKER_INFO;

import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.WorkerJmx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the MBeans read from every worker into contract series: base units, counters as counters,
 * no series for attributes without a sample, and task series only from the worker REST says runs
 * the task.
 */
final class JmxNormalizer {

  private final Map<MBeanGroup, Map<String, List<JmxMetric>>> mappings = new EnumMap<>(MBeanGroup.class);

  JmxNormalizer(boolean includeRates) {
    for (JmxMetric m : MetricContract.jmxMetrics()) {
      if (includeRates || !m.spec().optional()) {
        mappings.computeIfAbsent(m.group(), g -> new HashMap<>())
            .computeIfAbsent(m.attribute(), a -> new ArrayList<>()).add(m);
      }
    }
  }

  void normalize(String cluster, List<WorkerJmx> workers, TaskOwners owners, Map<String, String> connectorVersions,
      SeriesSet out) {
    for (WorkerJmx w : workers) {
      int lingering = 0;
      MBeanReading appInfo = appInfoOf(w);
      for (MBeanReading r : w.readings()) {
        if (r.group() == MBeanGroup.APP_INFO && r != appInfo) {
          continue;
        }
        String[] scope = scopeLabels(r, owners);
        if (scope == null) {
          continue; // not an MBean of a connector or task we can name
        }
        if (!belongsHere(r.group(), scope, w.workerId(), owners)) {
          lingering++;
          continue;
        }
        infoSeries(cluster, w.workerId(), r, scope, connectorVersions, out);
        numericSeries(cluster, w.workerId(), r, scope, out);
      }
      if (!owners.unknown()) {
        out.add(LINGERING_MBEANS, lingering, cluster, w.workerId());
      }
    }
  }

  /**
   * A worker registers two app-info MBeans (client-id {@code <worker id>} for the worker and
   * {@code connect-<worker id>} for its herder) with the same version: use one, the worker's own
   * when it can be told apart, so the worker's info and start time are one series each.
   */
  private static MBeanReading appInfoOf(WorkerJmx w) {
    MBeanReading first = null;
    for (MBeanReading r : w.readings()) {
      if (r.group() == MBeanGroup.APP_INFO) {
        if (w.workerId().equals(r.key("client-id"))) {
          return r;
        }
        if (first == null) {
          first = r;
        }
      }
    }
    return first;
  }

  /** The connector/task label values of an MBean, per its group's scope; null if it has none. */
  private static String[] scopeLabels(MBeanReading r, TaskOwners owners) {
    return switch (r.group()) {
      case CONNECTOR_TASK, SOURCE_TASK, SINK_TASK, TASK_ERROR -> {
        String connector = r.key("connector");
        String task = r.key("task");
        yield connector == null || task == null ? null : new String[] {connector, task};
      }
      case SINK_CONSUMER, SINK_CONSUMER_PARTITION -> owners.connectorAndTaskOfConsumer(r.key("client-id"));
      case CONNECTOR, WORKER_CONNECTOR -> r.key("connector") == null ? null : new String[] {r.key("connector")};
      default -> new String[0];
    };
  }

  private static boolean belongsHere(MBeanGroup group, String[] scope, String worker, TaskOwners owners) {
    return switch (group.scope()) {
      case TASK -> owners.ownsTask(worker, scope[0], scope[1]);
      case CONNECTOR -> owners.knowsConnector(scope[0]);
      case WORKER -> true;
    };
  }

  private void numericSeries(String cluster, String worker, MBeanReading r, String[] scope, SeriesSet out) {
    Map<String, List<JmxMetric>> byAttribute = mappings.get(r.group());
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
        continue; // no sample yet (null/NaN), or an error text from Jolokia: never a zero
      }
      for (JmxMetric m : metrics) {
        out.add(m.spec(), m.conversion().apply(raw), labelValues(m, cluster, worker, r, scope));
      }
    }
  }

  private static String[] labelValues(JmxMetric m, String cluster, String worker, MBeanReading r, String[] scope) {
    List<String> names = m.spec().labels();
    String[] values = new String[names.size()];
    values[0] = cluster;
    System.arraycopy(scope, 0, values, 1, scope.length);
    values[1 + scope.length] = worker;
    for (int i = 2 + scope.length; i < values.length; i++) {
      String name = names.get(i);
      String fixed = m.fixedLabels().get(name);
      values[i] = fixed != null ? fixed : r.key(name);
    }
    return values;
  }

  private static void infoSeries(String cluster, String worker, MBeanReading r, String[] scope,
      Map<String, String> connectorVersions, SeriesSet out) {
    Map<String, Object> a = r.attributes();
    switch (r.group()) {
      case APP_INFO -> {
        if (a.get("version") instanceof String version) {
          out.add(WORKER_INFO, 1, cluster, worker, version, text(a.get("commit-id")));
        }
      }
      case CONNECTOR -> {
        if (a.get("connector-version") instanceof String version) {
          connectorVersions.putIfAbsent(scope[0], version);
        }
      }
      case CONNECTOR_TASK -> {
        if (a.get("task-class") instanceof String taskClass) {
          out.add(TASK_INFO, 1, cluster, scope[0], scope[1], worker, taskClass, text(a.get("task-version")),
              text(a.get("key-converter-class")), text(a.get("value-converter-class")),
              text(a.get("header-converter-class")));
        }
      }
      case WORKER_REBALANCE -> {
        if (a.containsKey("leader-name") || a.containsKey("connect-protocol")) {
          out.add(REBALANCE_INFO, 1, cluster, worker, text(a.get("leader-name")), text(a.get("connect-protocol")));
        }
      }
      default -> {
      }
    }
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
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
