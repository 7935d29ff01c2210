package io.connectexporter.model;

/**
 * A family of MBeans read with one Jolokia read: the ObjectName pattern that selects it and the
 * scope that names one MBean of it ({@link MBeanScope}: which connector and task it belongs to).
 * The pattern lists the exact key set so that MBeans with other keys (e.g. the per-connector worker
 * MBeans versus the worker-wide one) never mix in one read. Each source that reads MBeans defines
 * its own groups.
 */
public record MBeanGroup(String objectNamePattern, MBeanScope scope) {

  /**
   * The MBean type as operators know it (the ObjectName's {@code type} key), e.g.
   * "sink-task-metrics".
   */
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
