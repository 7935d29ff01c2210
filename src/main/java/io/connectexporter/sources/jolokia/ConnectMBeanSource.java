package io.connectexporter.sources.jolokia;

import static io.connectexporter.metrics.ExporterMetrics.LINGERING_MBEANS;

import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.metrics.MBeanSeries;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.MBeanScope;
import io.connectexporter.model.MBeanScope.Owner;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.sources.MBeanSource;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.TaskOwners;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect's own MBeans on every worker ({@link ConnectMBeans}): connector, task, source, sink,
 * error, worker, rebalance and coordinator metrics and a sink task's consumer lag. Task series are
 * kept only from the worker REST says runs the task (task MBeans linger after a rebalance moved the
 * task away: KAFKA-12965 and friends); the dropped ones are counted.
 */
public final class ConnectMBeanSource implements MBeanSource {

  public static final String NAME = "jolokia";

  private final MBeanSeries series = new MBeanSeries(ConnectMBeans.CATALOG);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MBeanCatalog catalog() {
    return ConnectMBeans.CATALOG;
  }

  @Override
  public void normalize(WorkerJmx w, PollView poll, SeriesSet out) {
    String cluster = poll.cluster();
    TaskOwners owners = poll.owners();
    int lingering = 0;
    MBeanReading appInfo = appInfoOf(w);
    MBeanSeries.Sums sums = new MBeanSeries.Sums();
    for (MBeanReading r : w.readings()) {
      if (r.group().equals(ConnectMBeans.APP_INFO) && r != appInfo) {
        continue;
      }
      Owner owner = r.group().scope().ownerOf(r);
      if (owner == null) {
        continue; // not an MBean of a connector or task we can name
      }
      if (!belongsHere(r.group().scope(), owner, w.workerId(), owners)) {
        lingering++;
        continue;
      }
      infoSeries(cluster, w.workerId(), r, owner, out);
      series.add(cluster, w.workerId(), r, owner, sums, out);
    }
    sums.flush(out);
    if (!owners.unknown()) {
      out.add(LINGERING_MBEANS, lingering, cluster, w.workerId());
    }
  }

  /** The version each connector's connector-metrics MBean reports, over all workers. */
  public static Map<String, String> connectorVersions(List<WorkerJmx> workers) {
    Map<String, String> versions = new HashMap<>();
    for (WorkerJmx w : workers) {
      for (MBeanReading r : w.readings()) {
        if (r.group().equals(ConnectMBeans.CONNECTOR)
            && r.key("connector") != null
            && r.attributes().get("connector-version") instanceof String version) {
          versions.putIfAbsent(r.key("connector"), version);
        }
      }
    }
    return versions;
  }

  /**
   * A worker registers two app-info MBeans (client-id {@code <worker id>} for the worker and {@code
   * connect-<worker id>} for its herder) with the same version: use one, the worker's own when it
   * can be told apart, so the worker's info and start time are one series each.
   */
  private static MBeanReading appInfoOf(WorkerJmx w) {
    MBeanReading first = null;
    for (MBeanReading r : w.readings()) {
      if (r.group().equals(ConnectMBeans.APP_INFO)) {
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

  private static boolean belongsHere(
      MBeanScope scope, Owner owner, String worker, TaskOwners owners) {
    return switch (scope) {
      case TASK, SINK_CONSUMER -> owners.ownsTask(worker, owner.connector(), owner.task());
      case CONNECTOR -> owners.knowsConnector(owner.connector());
      case WORKER -> true;
    };
  }

  private static void infoSeries(
      String cluster, String worker, MBeanReading r, Owner owner, SeriesSet out) {
    Map<String, Object> a = r.attributes();
    if (r.group().equals(ConnectMBeans.APP_INFO)) {
      if (a.get("version") instanceof String version) {
        out.add(ConnectMBeans.WORKER_INFO, 1, cluster, worker, version, text(a.get("commit-id")));
      }
    } else if (r.group().equals(ConnectMBeans.CONNECTOR_TASK)) {
      if (a.get("task-class") instanceof String taskClass) {
        out.add(
            ConnectMBeans.TASK_INFO,
            1,
            cluster,
            owner.connector(),
            owner.task(),
            worker,
            taskClass,
            text(a.get("task-version")),
            text(a.get("key-converter-class")),
            text(a.get("value-converter-class")),
            text(a.get("header-converter-class")));
      }
    } else if (r.group().equals(ConnectMBeans.WORKER_REBALANCE)) {
      if (a.containsKey("leader-name") || a.containsKey("connect-protocol")) {
        out.add(
            ConnectMBeans.REBALANCE_INFO,
            1,
            cluster,
            worker,
            text(a.get("leader-name")),
            text(a.get("connect-protocol")));
      }
    }
  }

  private static String text(Object value) {
    return value instanceof String s ? s : "";
  }
}
