package io.connectexporter.scrape.jolokia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.metrics.MetricContract;
import io.connectexporter.model.MBeanGroup;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one bulk read sent to every worker's Jolokia agent per poll: a pattern read per MBean group,
 * each with the attribute list from the metric contract, so only attributes we export travel. Built
 * once; the answer's items come back in the same order as {@link #groups()}.
 */
public final class JolokiaRequest {

  private final List<MBeanGroup> groups;
  private final Map<MBeanGroup, Set<String>> textAttributes;
  private final byte[] body;

  private JolokiaRequest(List<MBeanGroup> groups, Map<MBeanGroup, Set<String>> textAttributes, byte[] body) {
    this.groups = List.copyOf(groups);
    this.textAttributes = Map.copyOf(textAttributes);
    this.body = body;
  }

  public static JolokiaRequest forContract(boolean includeRates) {
    ObjectMapper json = new ObjectMapper();
    ArrayNode reads = json.createArrayNode();
    List<MBeanGroup> groups = new ArrayList<>();
    Map<MBeanGroup, Set<String>> text = new EnumMap<>(MBeanGroup.class);
    for (MBeanGroup g : MBeanGroup.values()) {
      text.put(g, Set.copyOf(MetricContract.textAttributesToRead(g)));
      List<String> attributes = MetricContract.attributesToRead(g, includeRates);
      if (attributes.isEmpty()) {
        continue;
      }
      ObjectNode read = reads.addObject();
      read.put("type", "read");
      read.put("mbean", g.objectNamePattern());
      ArrayNode names = read.putArray("attribute");
      attributes.forEach(names::add);
      ObjectNode config = read.putObject("config");
      // An attribute one Kafka version lacks must not fail the whole read of the group.
      config.put("ignoreErrors", "true");
      // Don't echo the request in every item: it only costs bytes.
      config.put("includeRequest", "false");
      groups.add(g);
    }
    try {
      return new JolokiaRequest(groups, text, json.writeValueAsBytes(reads));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The group each item of the bulk answer belongs to, by position. */
  public List<MBeanGroup> groups() {
    return groups;
  }

  /** The attributes of a group read as text (info labels); any other attribute is a number. */
  public Set<String> textAttributes(MBeanGroup group) {
    return textAttributes.getOrDefault(group, Set.of());
  }

  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }
}
