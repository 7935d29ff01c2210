package io.connectexporter.metrics;

import io.connectexporter.model.MBeanGroup;
import java.util.Map;

/**
 * Maps one attribute of one MBean group to a metric of the contract.
 *
 * @param fixedLabels labels this attribute adds (e.g. {@code state=running} for {@code
 *     connector-running-task-count})
 * @param keyOfLabel the ObjectName key a label's value comes from, where it is not the label's own
 *     name
 * @param summed one series per owner (e.g. per task), the sum over its MBeans (e.g. its partitions)
 */
public record JmxMetric(
    MBeanGroup group,
    String attribute,
    MetricSpec spec,
    Conversion conversion,
    Map<String, String> fixedLabels,
    Map<String, String> keyOfLabel,
    boolean summed) {

  public JmxMetric {
    fixedLabels = Map.copyOf(fixedLabels);
    keyOfLabel = Map.copyOf(keyOfLabel);
  }

  /** The ObjectName key the value of {@code label} comes from. */
  public String keyOf(String label) {
    return keyOfLabel.getOrDefault(label, label);
  }
}
