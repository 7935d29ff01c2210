package io.connectexporter.sources.rest;

import static io.connectexporter.sources.rest.RestMetrics.CLUSTER_INFO;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_CONFIG;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_FAILURE;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_INFO;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_STATE;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_STATES;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_STATE_CHANGES;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_STATE_SINCE;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_TASKS;
import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_TASKS_MAX;
import static io.connectexporter.sources.rest.RestMetrics.TASK_FAILURE;
import static io.connectexporter.sources.rest.RestMetrics.TASK_STATE;
import static io.connectexporter.sources.rest.RestMetrics.TASK_STATES;
import static io.connectexporter.sources.rest.RestMetrics.TASK_STATE_CHANGES;
import static io.connectexporter.sources.rest.RestMetrics.TASK_STATE_SINCE;

import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ConfigFacts;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.ExceptionClasses;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.Source;
import io.connectexporter.state.StateHistory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster's REST API: connector and task states, facts and failures, the cluster-wide truth
 * that discovery starts from. Scraped once per poll by {@link RestScraper} (not per worker: any
 * worker answers for the cluster), turned into series here.
 */
public final class RestSource implements Source<RestSnapshot> {

  public static final String NAME = "rest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<RestSnapshot> resultType() {
    return RestSnapshot.class;
  }

  @Override
  public List<MetricSpec> metrics() {
    return RestMetrics.ALL;
  }

  @Override
  public void normalize(RestSnapshot rest, PollView poll, SeriesSet out) {
    String cluster = poll.cluster();
    StateHistory history = poll.history();
    Map<String, String> connectorVersions = poll.connectorVersions();
    if (rest.version() != null) {
      out.add(CLUSTER_INFO, 1, cluster, rest.version(), rest.commit(), rest.kafkaClusterId());
    }
    for (ConnectorView c : rest.connectors()) {
      String worker = c.workerId();
      stateSeries(
          CONNECTOR_STATE,
          CONNECTOR_STATES,
          c.state(),
          poll.selection().everyState(),
          out,
          cluster,
          c.name(),
          worker);
      StateHistory.Since since = history.connector(c.name());
      if (since != null) {
        out.add(
            CONNECTOR_STATE_SINCE, since.sinceMillis() / 1000.0, cluster, c.name(), since.state());
        out.add(CONNECTOR_STATE_CHANGES, since.changes(), cluster, c.name());
      }
      out.add(
          CONNECTOR_INFO,
          1,
          cluster,
          c.name(),
          c.type(),
          c.className(),
          connectorVersions.getOrDefault(c.name(), ""));
      if (c.tasksMax() != null) {
        out.add(CONNECTOR_TASKS_MAX, c.tasksMax(), cluster, c.name());
      }
      out.add(CONNECTOR_TASKS, c.tasks().size(), cluster, c.name());
      ConfigFacts facts = c.configFacts();
      out.add(
          CONNECTOR_CONFIG,
          1,
          cluster,
          c.name(),
          facts.errorsTolerance(),
          Boolean.toString(facts.errorsLogEnabled()),
          Boolean.toString(facts.deadLetterQueueEnabled()));
      if ("FAILED".equals(c.state())) {
        out.add(
            CONNECTOR_FAILURE,
            1,
            cluster,
            c.name(),
            worker,
            ExceptionClasses.top(c.trace()),
            ExceptionClasses.rootCause(c.trace()));
      }
      for (TaskView t : c.tasks()) {
        String task = taskLabel(t.id());
        stateSeries(
            TASK_STATE,
            TASK_STATES,
            t.state(),
            poll.selection().everyState(),
            out,
            cluster,
            c.name(),
            task,
            t.workerId());
        StateHistory.Since taskSince = history.task(c.name(), t.id());
        if (taskSince != null) {
          out.add(
              TASK_STATE_SINCE,
              taskSince.sinceMillis() / 1000.0,
              cluster,
              c.name(),
              task,
              taskSince.state());
          out.add(TASK_STATE_CHANGES, taskSince.changes(), cluster, c.name(), task);
        }
        if ("FAILED".equals(t.state())) {
          out.add(
              TASK_FAILURE,
              1,
              cluster,
              c.name(),
              task,
              t.workerId(),
              ExceptionClasses.top(t.trace()),
              ExceptionClasses.rootCause(t.trace()));
        }
      }
    }
  }

  private static final String[] TASK_LABELS = new String[1024];

  static {
    Arrays.setAll(TASK_LABELS, Integer::toString);
  }

  /**
   * A task id as a label value: one shared string per id, not one per series (a million series at
   * 60 000 tasks).
   */
  private static String taskLabel(int id) {
    return id >= 0 && id < TASK_LABELS.length ? TASK_LABELS[id] : Integer.toString(id);
  }

  /**
   * One series per known state, 1 for the current one; with {@code everyState} off (profile
   * minimal) only the current one. A state this version does not know (a newer Connect) gets its
   * own series so it is visible rather than silently all-zero.
   */
  private static void stateSeries(
      MetricSpec spec,
      List<String> states,
      String current,
      boolean everyState,
      SeriesSet out,
      String... labels) {
    String state = current == null ? "UNKNOWN" : current.toUpperCase(Locale.ROOT);
    String[] values = Arrays.copyOf(labels, labels.length + 1);
    if (everyState) {
      for (String s : states) {
        values[labels.length] = s;
        out.add(spec, s.equals(state) ? 1 : 0, values.clone());
      }
    }
    if (!everyState || !states.contains(state)) {
      values[labels.length] = state;
      out.add(spec, 1, values);
    }
  }
}
