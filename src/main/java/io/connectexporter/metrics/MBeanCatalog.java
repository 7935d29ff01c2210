package io.connectexporter.metrics;

import static io.connectexporter.metrics.Conversion.NONE;
import static io.connectexporter.metrics.MetricKind.GAUGE;

import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanRead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MBeans a source reads and the metrics they become: per group, the attributes mapped to
 * metrics ({@link JmxMetric}), the info metrics made of text attributes, and the attributes
 * deliberately not exported ({@link JmxAttributeNote}). The Jolokia reads, the source's slice of
 * the contract and the README table all derive from it. Built once with {@link #builder()}.
 */
public final class MBeanCatalog {

  private final List<MBeanGroup> groups;
  private final List<MetricSpec> infoSpecs;
  private final List<JmxMetric> metrics;
  private final List<JmxAttributeNote> notes;

  private MBeanCatalog(Builder b) {
    this.groups = List.copyOf(b.groups);
    this.infoSpecs = List.copyOf(b.infoSpecs);
    this.metrics = List.copyOf(b.metrics);
    this.notes = List.copyOf(b.notes);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<MBeanGroup> groups() {
    return groups;
  }

  /** Every attribute mapping, including the optional windowed rates. */
  public List<JmxMetric> metrics() {
    return metrics;
  }

  /** Attributes that are deliberately not metrics of their own. */
  public List<JmxAttributeNote> notes() {
    return notes;
  }

  /** Every metric family of the catalog, once, info metrics first. */
  public List<MetricSpec> specs() {
    Map<String, MetricSpec> byName = new LinkedHashMap<>();
    infoSpecs.forEach(s -> byName.put(s.name(), s));
    metrics.forEach(m -> byName.putIfAbsent(m.spec().name(), m.spec()));
    return List.copyOf(byName.values());
  }

  /**
   * The reads for one bulk request: per group, the attributes of the selected metrics and the text
   * attributes noted as read; a group with nothing to read is left out.
   */
  public List<MBeanRead> reads(MetricSelection selection) {
    List<MBeanRead> reads = new ArrayList<>();
    for (MBeanGroup g : groups) {
      Set<String> attributes = new LinkedHashSet<>();
      Set<String> text = new LinkedHashSet<>();
      for (JmxMetric m : metrics) {
        if (m.group().equals(g) && selection.includes(m.spec())) {
          attributes.add(m.attribute());
        }
      }
      for (JmxAttributeNote n : notes) {
        if (n.group().equals(g) && n.read()) {
          attributes.add(n.attribute());
          text.add(n.attribute());
        }
      }
      if (!attributes.isEmpty()) {
        reads.add(new MBeanRead(g, List.copyOf(attributes), text));
      }
    }
    return reads;
  }

  /** Fills a catalog group by group: {@link #group} sets the group the next calls are about. */
  public static final class Builder {
    private final List<MBeanGroup> groups = new ArrayList<>();
    private final List<MetricSpec> infoSpecs = new ArrayList<>();
    private final List<JmxMetric> metrics = new ArrayList<>();
    private final List<JmxAttributeNote> notes = new ArrayList<>();
    private MBeanGroup group;
    private Map<String, String> keyOfLabel = Map.of();

    private Builder() {}

    public Builder group(MBeanGroup g) {
      if (!groups.contains(g)) {
        groups.add(g);
      }
      group = g;
      keyOfLabel = Map.of();
      return this;
    }

    /**
     * For the current group: labels named otherwise than the ObjectName keys they come from (e.g.
     * {@code source_cluster} from key {@code source}, where {@code source} is taken).
     */
    public Builder labelKeys(Map<String, String> keyOfLabel) {
      this.keyOfLabel = Map.copyOf(keyOfLabel);
      return this;
    }

    /**
     * An info metric of the current group built from text attributes (the source normalizes it).
     */
    public MetricSpec info(String name, String help, List<String> extraLabels, String attributes) {
      MetricSpec spec =
          new MetricSpec(
              name,
              MetricKind.INFO,
              help,
              labels(extraLabels),
              "JMX " + group.type() + ": " + attributes,
              false);
      infoSpecs.add(spec);
      return spec;
    }

    /** One attribute, one metric. */
    public Builder metric(
        String attribute, String name, MetricKind kind, Conversion conversion, String help) {
      return metric(attribute, name, kind, conversion, help, Map.of(), List.of());
    }

    /**
     * One attribute, one metric, with labels from ObjectName keys ({@code keyLabels}, after the
     * scope's) and fixed ones.
     */
    public Builder metric(
        String attribute,
        String name,
        MetricKind kind,
        Conversion conversion,
        String help,
        Map<String, String> fixedLabels,
        List<String> keyLabels) {
      List<String> extra = new ArrayList<>(keyLabels);
      extra.addAll(fixedLabels.keySet());
      MetricSpec spec =
          new MetricSpec(
              name, kind, help, labels(extra), "JMX " + group.type() + ": " + attribute, false);
      metrics.add(
          new JmxMetric(group, attribute, spec, conversion, fixedLabels, keyOfLabel, false));
      return this;
    }

    /** Several attributes feeding one gauge, told apart by a fixed label. */
    public Builder metricByLabel(
        String name,
        String help,
        String label,
        Map<String, String> attributeByLabelValue,
        String sourceText) {
      MetricSpec spec =
          new MetricSpec(
              name,
              GAUGE,
              help,
              labels(List.of(label)),
              "JMX " + group.type() + ": " + sourceText,
              false);
      attributeByLabelValue.forEach(
          (value, attribute) ->
              metrics.add(
                  new JmxMetric(
                      group, attribute, spec, NONE, Map.of(label, value), keyOfLabel, false)));
      return this;
    }

    /** One of Kafka's windowed rates: exported only when rates are selected. */
    public Builder rate(String attribute, String name, String help) {
      return optional(attribute, name, NONE, help, List.of());
    }

    /**
     * A gauge of little everyday use (a windowed rate, a minimum): only in profile full or with
     * {@code include-rates}.
     */
    public Builder optional(
        String attribute, String name, Conversion conversion, String help, List<String> keyLabels) {
      metrics.add(
          new JmxMetric(
              group,
              attribute,
              new MetricSpec(
                  name,
                  GAUGE,
                  help,
                  labels(keyLabels),
                  "JMX " + group.type() + ": " + attribute,
                  true),
              conversion,
              Map.of(),
              keyOfLabel,
              false));
      return this;
    }

    /**
     * One series per owner of the scope: the sum of the attribute over its MBeans (e.g.
     * partitions).
     */
    public Builder sum(String attribute, String name, MetricKind kind, String help) {
      metrics.add(
          new JmxMetric(
              group,
              attribute,
              new MetricSpec(
                  name,
                  kind,
                  help,
                  labels(List.of()),
                  "JMX " + group.type() + ": " + attribute + ", summed",
                  false),
              NONE,
              Map.of(),
              keyOfLabel,
              true));
      return this;
    }

    /**
     * An attribute deliberately not exported as a metric, and why; {@code read}: still read (a
     * label).
     */
    public Builder note(String attribute, boolean read, String reason) {
      notes.add(new JmxAttributeNote(group, attribute, read, reason));
      return this;
    }

    public MBeanCatalog build() {
      return new MBeanCatalog(this);
    }

    private List<String> labels(List<String> extra) {
      List<String> labels = new ArrayList<>();
      labels.add("cluster");
      labels.addAll(group.scope().labels());
      labels.add("worker");
      labels.addAll(extra);
      return labels;
    }
  }
}
