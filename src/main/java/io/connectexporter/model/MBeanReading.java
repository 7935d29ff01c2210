package io.connectexporter.model;

import java.util.Map;

/**
 * The attributes read from one MBean. Values are {@link Double}, {@link String} or {@link Boolean};
 * attributes Kafka had no sample for (JSON null, NaN) are absent, never zero.
 *
 * @param keys the ObjectName's key properties, unquoted (e.g. {@code connector -> my-sink})
 */
public record MBeanReading(
    MBeanGroup group, Map<String, String> keys, Map<String, Object> attributes) {

  public MBeanReading {
    keys = Map.copyOf(keys);
    attributes = Map.copyOf(attributes);
  }

  public String key(String name) {
    return keys.get(name);
  }
}
