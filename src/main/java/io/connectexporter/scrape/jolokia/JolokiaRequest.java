package io.connectexporter.scrape.jolokia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one bulk read sent to every worker's Jolokia agent per poll: a pattern read per MBean group
 * of every enabled MBean source, each with only the attributes wanted, so nothing else travels.
 * Built once per cluster; the answer's items come back in the same order as {@link #groups()}.
 */
public final class JolokiaRequest {

  private final List<MBeanGroup> groups;
  private final Map<MBeanGroup, Set<String>> textAttributes;
  private final byte[] body;

  private JolokiaRequest(
      List<MBeanGroup> groups, Map<MBeanGroup, Set<String>> textAttributes, byte[] body) {
    this.groups = List.copyOf(groups);
    this.textAttributes = Map.copyOf(textAttributes);
    this.body = body;
  }

  public static JolokiaRequest of(List<MBeanRead> reads) {
    ObjectMapper json = new ObjectMapper();
    ArrayNode array = json.createArrayNode();
    List<MBeanGroup> groups = new ArrayList<>();
    Map<MBeanGroup, Set<String>> text = new HashMap<>();
    for (MBeanRead r : reads) {
      ObjectNode read = array.addObject();
      read.put("type", "read");
      read.put("mbean", r.group().objectNamePattern());
      ArrayNode names = read.putArray("attribute");
      r.attributes().forEach(names::add);
      ObjectNode config = read.putObject("config");
      // An attribute one Kafka version lacks must not fail the whole read of the group.
      config.put("ignoreErrors", "true");
      // Don't echo the request in every item: it only costs bytes.
      config.put("includeRequest", "false");
      groups.add(r.group());
      text.put(r.group(), r.textAttributes());
    }
    try {
      return new JolokiaRequest(groups, text, json.writeValueAsBytes(array));
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
