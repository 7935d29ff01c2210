package io.connectexporter.scrape.jolokia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.metrics.MetricContract;
import io.connectexporter.model.MBeanGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The one bulk read sent to every worker's Jolokia agent per poll: a pattern read per MBean group,
 * each with the attribute list from the metric contract, so only attributes we export travel. Built
 * once; the answer's items come back in the same order as {@link #groups()}.
 */
public final class JolokiaRequest {

  private final List<MBeanGroup> groups;
  private final byte[] body;

  private JolokiaRequest(List<MBeanGroup> groups, byte[] body) {
    this.groups = List.copyOf(groups);
    this.body = body;
  }

  public static JolokiaRequest forContract(boolean includeRates) {
    ObjectMapper json = new ObjectMapper();
    ArrayNode reads = json.createArrayNode();
    List<MBeanGroup> groups = new ArrayList<>();
    for (MBeanGroup g : MBeanGroup.values()) {
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
      return new JolokiaRequest(groups, json.writeValueAsBytes(reads));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The group each item of the bulk answer belongs to, by position. */
  public List<MBeanGroup> groups() {
    return groups;
  }

  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }
}
