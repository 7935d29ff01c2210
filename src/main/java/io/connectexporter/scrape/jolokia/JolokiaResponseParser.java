package io.connectexporter.scrape.jolokia;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.scrape.UnparsableException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Streams a Jolokia bulk read answer straight into {@link MBeanReading}s, without building a JSON
 * tree. Copes with what real agents send: {@code null} for Kafka stats without samples (2.x), bare
 * {@code NaN}/{@code Infinity} tokens (older agents), quoted ObjectName values such as {@code
 * client-id="connect-127.0.0.1:8083"}, a 404 item for a pattern that matches nothing, and per-item
 * errors, which leave the other items intact.
 *
 * <p>One bad part never spoils the rest: an item whose {@code status} is not a number, an MBean
 * whose name does not parse, or a value of the wrong shape is skipped and counted ({@link
 * Parsed#skippedItems()}), and a text where a number belongs (an attribute we export as a number)
 * is dropped and counted ({@link Parsed#skippedValues()}); the worker's other readings stay. Only
 * an answer that is not a bulk answer at all (not JSON, truncated, the wrong item count) fails the
 * worker's read.
 */
public final class JolokiaResponseParser {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          // Most values are decimals: the JDK's parser showed in the poll's profile; this one gives
          // the same doubles.
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();
  private static final NameCache NAMES = new NameCache();

  /** An item of the bulk answer that failed (not counting 404: "no such MBean" is normal). */
  public record ItemError(MBeanGroup group, int status, String errorType) {}

  /**
   * The readings of every successful item, the items Jolokia reported as failed, and how many items
   * or MBeans (skippedItems) and attribute values (skippedValues) were malformed and skipped.
   */
  public record Parsed(
      List<MBeanReading> readings, List<ItemError> errors, int skippedItems, int skippedValues) {}

  private JolokiaResponseParser() {}

  public static Parsed parse(InputStream body, JolokiaRequest request) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      return new JolokiaResponseParser.Run(p, request).answer();
    }
  }

  /** One answer's parse: its counters live as long as the parse. */
  private static final class Run {
    private final JsonParser p;
    private final JolokiaRequest request;
    private int skippedItems;
    private int skippedValues;

    Run(JsonParser p, JolokiaRequest request) {
      this.p = p;
      this.request = request;
    }

    Parsed answer() throws IOException {
      List<MBeanGroup> groups = request.groups();
      if (p.nextToken() == JsonToken.START_OBJECT) {
        // A single error object instead of an array: the whole request was rejected.
        Item item = item(null);
        throw new UnparsableException(
            "Jolokia rejected the request: status " + item.status + " " + item.errorType);
      }
      expect(p.currentToken(), JsonToken.START_ARRAY);
      List<MBeanReading> readings = new ArrayList<>();
      List<ItemError> errors = new ArrayList<>();
      int index = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new UnparsableException("the answer ends inside the item list");
        }
        if (index >= groups.size()) {
          throw new UnparsableException(
              "Jolokia answered more items than requested (" + groups.size() + ")");
        }
        MBeanGroup group = groups.get(index++);
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          skippedItems++;
          continue;
        }
        Item item = item(group);
        if (item.status == 200) {
          readings.addAll(item.readings);
        } else if (item.status == Item.MALFORMED) {
          skippedItems++;
        } else if (item.status != 404) {
          errors.add(new ItemError(group, item.status, item.errorType));
        }
      }
      if (index != groups.size()) {
        throw new UnparsableException(
            "Jolokia answered " + index + " items for " + groups.size() + " requests");
      }
      return new Parsed(readings, errors, skippedItems, skippedValues);
    }

    private Item item(MBeanGroup group) throws IOException {
      Item item = new Item();
      boolean malformed = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "status" -> {
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
              item.status = p.getIntValue();
            } else {
              malformed = true;
              p.skipChildren();
            }
          }
          case "error_type" -> {
            item.errorType = t == JsonToken.VALUE_STRING ? p.getText() : "";
            p.skipChildren();
          }
          case "value" -> {
            if (group != null && t == JsonToken.START_OBJECT) {
              item.readings = group.isPattern() ? patternValue(group) : single(group);
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new UnparsableException("the answer ends inside an item");
      }
      if (malformed || item.status == -1) {
        item.status = Item.MALFORMED;
      }
      return item;
    }

    private List<MBeanReading> single(MBeanGroup group) throws IOException {
      Map<String, String> keys = keysOf(group.objectNamePattern());
      return List.of(new MBeanReading(group, keys, attributes(group)));
    }

    private List<MBeanReading> patternValue(MBeanGroup group) throws IOException {
      // Keyed by name: an MBean sent twice (duplicate JSON keys) counts once.
      Map<String, MBeanReading> readings = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          skippedItems++;
          continue;
        }
        Map<String, String> keys = keysOf(name);
        if (keys == null) {
          p.skipChildren();
          skippedItems++;
          continue;
        }
        readings.put(name, new MBeanReading(group, keys, attributes(group)));
      }
      return new ArrayList<>(readings.values());
    }

    /**
     * Reads {attribute: value}; keeps finite numbers, booleans and the strings of text attributes;
     * drops nulls and NaN (no sample yet), and counts a text where a number belongs.
     */
    private Map<String, Object> attributes(MBeanGroup group) throws IOException {
      Set<String> text = request.textAttributes(group);
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
          case VALUE_STRING -> {
            if (text.contains(attribute)) {
              values.put(attribute, p.getText());
            } else {
              skippedValues++;
            }
          }
          case START_OBJECT, START_ARRAY -> {
            p.skipChildren();
            skippedValues++;
          }
          default -> {
            // null: no sample yet; never a zero
          }
        }
      }
      return values;
    }

    private void expect(JsonToken actual, JsonToken expected) throws IOException {
      if (actual != expected) {
        throw new UnparsableException(
            "expected " + expected + " at " + p.currentLocation() + ", got " + actual);
      }
    }
  }

  private static final class Item {
    static final int MALFORMED = -2;
    int status = -1;
    String errorType = "";
    List<MBeanReading> readings = List.of();
  }

  /**
   * Key properties of an ObjectName, unquoted; null if it does not parse. Parsed with the JMX
   * parser, not by splitting.
   */
  static Map<String, String> keysOf(String objectName) {
    return NAMES.keysOf(objectName);
  }

  /**
   * Parsed ObjectNames, in two generations: a name not looked up for a whole generation (about two
   * polls of every worker) is dropped with it. A plain cache grew with every connector ever seen:
   * the soak benchmark's churn (30 new connectors a minute) made it ~15 MiB an hour.
   */
  static final class NameCache {
    private volatile Map<String, Map<String, String>> current = new ConcurrentHashMap<>();
    private volatile Map<String, Map<String, String>> previous = Map.of();
    private final java.util.concurrent.atomic.AtomicLong lookups =
        new java.util.concurrent.atomic.AtomicLong();

    Map<String, String> keysOf(String objectName) {
      Map<String, Map<String, String>> now = current;
      Map<String, String> keys = now.get(objectName);
      if (keys == null) {
        keys = previous.get(objectName);
        if (keys == null) {
          keys = parse(objectName);
        }
        if (keys != null) {
          now.put(objectName, keys);
        }
      }
      // A new generation once twice as many lookups as names (plus some) went by since the last
      // one.
      if (lookups.incrementAndGet() > 2L * now.size() + 10_000) {
        synchronized (this) {
          if (current == now) {
            previous = now;
            current = new ConcurrentHashMap<>();
            lookups.set(0);
          }
        }
      }
      return keys;
    }

    int size() {
      return current.size() + previous.size();
    }

    private static Map<String, String> parse(String objectName) {
      try {
        ObjectName on = new ObjectName(objectName);
        Map<String, String> keys = new HashMap<>();
        on.getKeyPropertyList().forEach((k, v) -> keys.put(k, unquote(v)));
        return Map.copyOf(keys);
      } catch (MalformedObjectNameException | IllegalArgumentException e) {
        return null;
      }
    }
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.charAt(0) == '"' ? ObjectName.unquote(value) : value;
  }
}
