package io.connectexporter.scrape.jolokia;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Streams a Jolokia bulk read answer straight into {@link MBeanReading}s, without building a JSON
 * tree. Copes with what real agents send: {@code null} for Kafka stats without samples (2.x), bare
 * {@code NaN}/{@code Infinity} tokens (older agents), quoted ObjectName values such as
 * {@code client-id="connect-127.0.0.1:8083"}, a 404 item for a pattern that matches nothing, and
 * per-item errors, which leave the other items intact.
 */
public final class JolokiaResponseParser {

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  private static final int NAME_CACHE_LIMIT = 200_000;
  private static final Map<String, Map<String, String>> KEYS_BY_NAME = new ConcurrentHashMap<>();

  /** An item of the bulk answer that failed (not counting 404: "no such MBean" is normal). */
  public record ItemError(MBeanGroup group, int status, String errorType) {
  }

  /** The readings of every successful item plus the failed items. */
  public record Parsed(List<MBeanReading> readings, List<ItemError> errors) {
  }

  private JolokiaResponseParser() {
  }

  public static Parsed parse(byte[] body, List<MBeanGroup> groups) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        // A single error object instead of an array: the whole request was rejected.
        Item item = item(p, null);
        throw new IOException("Jolokia rejected the request: status " + item.status + " " + item.errorType);
      }
      expect(p, p.currentToken(), JsonToken.START_ARRAY);
      List<MBeanReading> readings = new ArrayList<>();
      List<ItemError> errors = new ArrayList<>();
      int index = 0;
      while (p.nextToken() == JsonToken.START_OBJECT) {
        if (index >= groups.size()) {
          throw new IOException("Jolokia answered more items than requested (" + groups.size() + ")");
        }
        MBeanGroup group = groups.get(index++);
        Item item = item(p, group);
        if (item.status == 200) {
          readings.addAll(item.readings);
        } else if (item.status != 404) {
          errors.add(new ItemError(group, item.status, item.errorType));
        }
      }
      expect(p, p.currentToken(), JsonToken.END_ARRAY);
      if (index != groups.size()) {
        throw new IOException("Jolokia answered " + index + " items for " + groups.size() + " requests");
      }
      return new Parsed(readings, errors);
    }
  }

  private static final class Item {
    int status = -1;
    String errorType = "";
    List<MBeanReading> readings = List.of();
  }

  private static Item item(JsonParser p, MBeanGroup group) throws IOException {
    Item item = new Item();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "status" -> item.status = p.getIntValue();
        case "error_type" -> item.errorType = p.getValueAsString("");
        case "value" -> {
          if (group != null && t == JsonToken.START_OBJECT) {
            item.readings = group.isPattern() ? patternValue(p, group) : List.of(
                new MBeanReading(group, keysOf(group.objectNamePattern()), attributes(p)));
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return item;
  }

  private static List<MBeanReading> patternValue(JsonParser p, MBeanGroup group) throws IOException {
    List<MBeanReading> readings = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      readings.add(new MBeanReading(group, keysOf(name), attributes(p)));
    }
    return readings;
  }

  /** Reads {attribute: value}; keeps finite numbers, booleans and strings, drops nulls, NaN and nested values. */
  private static Map<String, Object> attributes(JsonParser p) throws IOException {
    Map<String, Object> values = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String attribute = p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          double v = p.getDoubleValue();
          if (Double.isFinite(v)) {
            values.put(attribute, v); // NaN/Infinity (older agents): no sample, like null
          }
        }
        case VALUE_TRUE -> values.put(attribute, Boolean.TRUE);
        case VALUE_FALSE -> values.put(attribute, Boolean.FALSE);
        case VALUE_STRING -> values.put(attribute, p.getText());
        case START_OBJECT, START_ARRAY -> p.skipChildren();
        default -> {
          // null: no sample yet; never a zero
        }
      }
    }
    return values;
  }

  /** Key properties of an ObjectName, unquoted. Parsed with the JMX parser, not by splitting. */
  static Map<String, String> keysOf(String objectName) throws IOException {
    Map<String, String> cached = KEYS_BY_NAME.get(objectName);
    if (cached != null) {
      return cached;
    }
    try {
      ObjectName on = new ObjectName(objectName);
      Map<String, String> keys = new HashMap<>();
      on.getKeyPropertyList().forEach((k, v) -> keys.put(k, unquote(v)));
      Map<String, String> result = Map.copyOf(keys);
      if (KEYS_BY_NAME.size() > NAME_CACHE_LIMIT) {
        KEYS_BY_NAME.clear();
      }
      KEYS_BY_NAME.put(objectName, result);
      return result;
    } catch (MalformedObjectNameException e) {
      throw new IOException("malformed ObjectName in Jolokia answer: " + objectName, e);
    }
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.charAt(0) == '"' ? ObjectName.unquote(value) : value;
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " at " + p.currentLocation() + ", got " + actual);
    }
  }
}
