package io.connectexporter.model;

import java.util.List;

/**
 * The families of MBeans we read from every worker, each with the Jolokia ObjectName pattern that
 * selects it and the ObjectName keys that identify one MBean within it. The pattern lists the exact
 * key set so that MBeans with other keys (e.g. the per-connector worker MBeans versus the
 * worker-wide one) never mix in one read.
 */
public enum MBeanGroup {
  CONNECTOR("kafka.connect:type=connector-metrics,connector=*", Scope.CONNECTOR),
  CONNECTOR_TASK("kafka.connect:type=connector-task-metrics,connector=*,task=*", Scope.TASK),
  SOURCE_TASK("kafka.connect:type=source-task-metrics,connector=*,task=*", Scope.TASK),
  SINK_TASK("kafka.connect:type=sink-task-metrics,connector=*,task=*", Scope.TASK),
  TASK_ERROR("kafka.connect:type=task-error-metrics,connector=*,task=*", Scope.TASK),
  WORKER("kafka.connect:type=connect-worker-metrics", Scope.WORKER),
  WORKER_CONNECTOR("kafka.connect:type=connect-worker-metrics,connector=*", Scope.CONNECTOR),
  WORKER_REBALANCE("kafka.connect:type=connect-worker-rebalance-metrics", Scope.WORKER),
  COORDINATOR("kafka.connect:type=connect-coordinator-metrics,client-id=*", Scope.WORKER),
  APP_INFO("kafka.connect:type=app-info,client-id=*", Scope.WORKER),
  /** A sink task's consumer: client-id {@code connector-consumer-<connector>-<task>}. */
  SINK_CONSUMER("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-*", Scope.TASK),
  SINK_CONSUMER_PARTITION(
      "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-*,topic=*,partition=*",
      Scope.TASK);

  /** Which labels an MBean of the group carries besides {@code cluster} and {@code worker}. */
  public enum Scope {
    WORKER(List.of()),
    CONNECTOR(List.of("connector")),
    TASK(List.of("connector", "task"));

    private final List<String> labels;

    Scope(List<String> labels) {
      this.labels = labels;
    }

    public List<String> labels() {
      return labels;
    }
  }

  private final String objectNamePattern;
  private final Scope scope;

  MBeanGroup(String objectNamePattern, Scope scope) {
    this.objectNamePattern = objectNamePattern;
    this.scope = scope;
  }

  public String objectNamePattern() {
    return objectNamePattern;
  }

  public Scope scope() {
    return scope;
  }

  /** The MBean type as operators know it (the ObjectName's {@code type} key), e.g. "sink-task-metrics". */
  public String type() {
    int start = objectNamePattern.indexOf("type=") + 5;
    int end = objectNamePattern.indexOf(',', start);
    return end < 0 ? objectNamePattern.substring(start) : objectNamePattern.substring(start, end);
  }

  /** True when the read names a pattern, so Jolokia answers a map keyed by ObjectName. */
  public boolean isPattern() {
    return objectNamePattern.indexOf('*') >= 0;
  }
}
