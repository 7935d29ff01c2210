package io.connectexporter.metrics;

import io.connectexporter.model.MBeanGroup;
import java.util.Map;

/**
 * Maps one attribute of one MBean group to a metric of the contract.
 *
 * @param fixedLabels labels this attribute adds (e.g. {@code state=running} for
 *                    {@code connector-running-task-count})
 * @param summed      one series per owner (e.g. per task), the sum over its MBeans (e.g. its partitions)
 */
public record JmxMetric(MBeanGroup group, String attribute, MetricSpec spec, Conversion conversion,
    Map<String, String> fixedLabels, boolean summed) {

  public JmxMetric {
    fixedLabels = Map.copyOf(fixedLabels);
  }
}
