package io.connectexporter.metrics;

import static io.connectexporter.metrics.MetricContract.CLUSTER_INFO;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_CONFIG;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_FAILURE;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_INFO;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_STATE;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_STATES;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_STATE_CHANGES;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_STATE_SINCE;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_TASKS;
import static io.connectexporter.metrics.MetricContract.CONNECTOR_TASKS_MAX;
import static io.connectexporter.metrics.MetricContract.TASK_FAILURE;
import static io.connectexporter.metrics.MetricContract.TASK_STATE;
import static io.connectexporter.metrics.MetricContract.TASK_STATES;
import static io.connectexporter.metrics.MetricContract.TASK_STATE_CHANGES;
import static io.connectexporter.metrics.MetricContract.TASK_STATE_SINCE;

import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConfigFacts;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.ExceptionClasses;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import io.connectexporter.state.StateHistory;
import io.connectexporter.state.StateTracker;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one cluster's finished poll ({@link ClusterSnapshot}) into the series of the metric
 * contract: REST states and facts here, JMX attributes in {@link JmxNormalizer}, self-metrics in
 * {@link TargetNormalizer}. Pure: the same snapshot and state history always give the same series
 * (the history, which remembers states between polls, is kept by the poll loop: see {@link StateTracker}).
 */
public final class ClusterNormalizer {

  private final JmxNormalizer jmx;

  public ClusterNormalizer(boolean includeRates) {
    this.jmx = new JmxNormalizer(includeRates);
  }

  /**
   * @param history the states as remembered after this snapshot ({@link StateTracker#observe})
   * @throws SeriesSet.TooManySeriesException past {@code maxSeries}, as soon as it is passed
   */
  public SeriesSet normalize(ClusterSnapshot snapshot, StateHistory history, int maxSeries) {
    SeriesSet out = new SeriesSet(maxSeries);
    String cluster = snapshot.cluster();
    RestSnapshot rest = snapshot.rest();
    TaskOwners owners = rest == null ? TaskOwners.UNKNOWN : TaskOwners.of(rest);
    Map<String, String> connectorVersions = new HashMap<>();
    jmx.normalize(cluster, snapshot.workers(), owners, connectorVersions, out);
    if (rest != null) {
      restSeries(cluster, rest, history, connectorVersions, out);
    }
    TargetNormalizer.normalize(snapshot, out);
    return out;
  }

  private static void restSeries(String cluster, RestSnapshot rest, StateHistory history,
      Map<String, String> connectorVersions, SeriesSet out) {
    if (rest.version() != null) {
      out.add(CLUSTER_INFO, 1, cluster, rest.version(), rest.commit(), rest.kafkaClusterId());
    }
    for (ConnectorView c : rest.connectors()) {
      String worker = c.workerId();
      stateSeries(CONNECTOR_STATE, CONNECTOR_STATES, c.state(), out, cluster, c.name(), worker);
      StateHistory.Since since = history.connector(c.name());
      if (since != null) {
        out.add(CONNECTOR_STATE_SINCE, since.sinceMillis() / 1000.0, cluster, c.name(), since.state());
        out.add(CONNECTOR_STATE_CHANGES, since.changes(), cluster, c.name());
      }
      out.add(CONNECTOR_INFO, 1, cluster, c.name(), c.type(), c.className(),
          connectorVersions.getOrDefault(c.name(), ""));
      if (c.tasksMax() != null) {
        out.add(CONNECTOR_TASKS_MAX, c.tasksMax(), cluster, c.name());
      }
      out.add(CONNECTOR_TASKS, c.tasks().size(), cluster, c.name());
      ConfigFacts facts = c.configFacts();
      out.add(CONNECTOR_CONFIG, 1, cluster, c.name(), facts.errorsTolerance(),
          Boolean.toString(facts.errorsLogEnabled()), Boolean.toString(facts.deadLetterQueueEnabled()));
      if ("FAILED".equals(c.state())) {
        out.add(CONNECTOR_FAILURE, 1, cluster, c.name(), worker, ExceptionClasses.top(c.trace()),
            ExceptionClasses.rootCause(c.trace()));
      }
      for (TaskView t : c.tasks()) {
        String task = taskLabel(t.id());
        stateSeries(TASK_STATE, TASK_STATES, t.state(), out, cluster, c.name(), task, t.workerId());
        StateHistory.Since taskSince = history.task(c.name(), t.id());
        if (taskSince != null) {
          out.add(TASK_STATE_SINCE, taskSince.sinceMillis() / 1000.0, cluster, c.name(), task, taskSince.state());
          out.add(TASK_STATE_CHANGES, taskSince.changes(), cluster, c.name(), task);
        }
        if ("FAILED".equals(t.state())) {
          out.add(TASK_FAILURE, 1, cluster, c.name(), task, t.workerId(), ExceptionClasses.top(t.trace()),
              ExceptionClasses.rootCause(t.trace()));
        }
      }
    }
  }

  private static final String[] TASK_LABELS = new String[1024];

  static {
    java.util.Arrays.setAll(TASK_LABELS, Integer::toString);
  }

  /** A task id as a label value: one shared string per id, not one per series (a million series at 60 000 tasks). */
  private static String taskLabel(int id) {
    return id >= 0 && id < TASK_LABELS.length ? TASK_LABELS[id] : Integer.toString(id);
  }

  /**
   * One series per known state, 1 for the current one. A state this version does not know (a newer
   * Connect) gets its own series so it is visible rather than silently all-zero.
   */
  private static void stateSeries(MetricSpec spec, List<String> states, String current, SeriesSet out,
      String... labels) {
    String state = current == null ? "UNKNOWN" : current.toUpperCase(Locale.ROOT);
    String[] values = java.util.Arrays.copyOf(labels, labels.length + 1);
    for (String s : states) {
      values[labels.length] = s;
      out.add(spec, s.equals(state) ? 1 : 0, values.clone());
    }
    if (!states.contains(state)) {
      values[labels.length] = state;
      out.add(spec, 1, values);
    }
  }
}
