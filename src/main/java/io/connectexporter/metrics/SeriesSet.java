package io.connectexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of one normalization: per contract metric, label values (in the order of
 * {@link MetricSpec#labels()}) and a value. A second value for the same labels is dropped (first
 * wins) and counted. Once filled it is only read: rendered as text by {@link TextExposition}, or
 * turned into the Prometheus client's {@link MetricSnapshots} for the other formats. Label values
 * are kept as plain arrays because building the client's validated {@link Labels} for every one
 * of ~200 000 series per poll was the largest cost of a poll at 5 000 tasks (JMH).
 */
public final class SeriesSet {

  /** Label values of one series, in the spec's label order; hash computed once. */
  static final class Key {
    final String[] values;
    private final int hash;

    Key(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.values, values);
    }
  }

  /** More series than the cluster's {@code max-series}: the poll is dropped, not half-published. */
  public static final class TooManySeriesException extends RuntimeException {
    TooManySeriesException(int limit) {
      super("more than max-series = " + limit + " series");
    }
  }

  private final Map<MetricSpec, Map<Key, Double>> series = new LinkedHashMap<>();
  private final int maxSeries;
  private int size;
  private int duplicatesDropped;

  public SeriesSet() {
    this(Integer.MAX_VALUE);
  }

  /** A set that refuses to grow past {@code maxSeries}, so a huge cluster costs bounded memory. */
  public SeriesSet(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** Adds a series; {@code labelValues} follow the order of {@link MetricSpec#labels()}. */
  public void add(MetricSpec spec, double value, String... labelValues) {
    if (spec.labels().size() != labelValues.length) {
      throw new IllegalArgumentException(spec.name() + " takes labels " + spec.labels() + ", got "
          + labelValues.length);
    }
    String[] values = labelValues.clone();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        values[i] = "";
      }
    }
    put(spec, new Key(values), value);
  }

  private void put(MetricSpec spec, Key key, double value) {
    Map<Key, Double> points = series.computeIfAbsent(spec, s -> new LinkedHashMap<>());
    if (points.putIfAbsent(key, value) != null) {
      duplicatesDropped++;
    } else if (++size > maxSeries) {
      throw new TooManySeriesException(maxSeries);
    }
  }

  /** Adds every series of another set (e.g. another cluster's). */
  public void addAll(SeriesSet other) {
    other.series.forEach((spec, points) -> points.forEach((key, value) -> put(spec, key, value)));
  }

  public int duplicatesDropped() {
    return duplicatesDropped;
  }

  public int size() {
    return size;
  }

  /** Values of one metric by labels, for tests and diagnostics. */
  public Map<Labels, Double> get(MetricSpec spec) {
    Map<Labels, Double> out = new LinkedHashMap<>();
    series.getOrDefault(spec, Map.of()).forEach((key, value) -> out.put(labels(spec, key), value));
    return out;
  }

  /** The metrics that have series, in insertion order, with their series. */
  Map<MetricSpec, Map<Key, Double>> families() {
    return Collections.unmodifiableMap(series);
  }

  public MetricSnapshots toSnapshots() {
    List<MetricSnapshot> snapshots = new ArrayList<>(series.size());
    series.forEach((spec, points) -> snapshots.add(toSnapshot(spec, points)));
    return new MetricSnapshots(snapshots);
  }

  private static Labels labels(MetricSpec spec, Key key) {
    return Labels.of(spec.labels().toArray(String[]::new), key.values);
  }

  private static MetricSnapshot toSnapshot(MetricSpec spec, Map<Key, Double> points) {
    switch (spec.kind()) {
      case COUNTER -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.forEach((key, v) -> b.dataPoint(
            CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(spec, key)).value(v).build()));
        return b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.keySet().forEach(key ->
            b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(spec, key)).build()));
        return b.build();
      }
      default -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.forEach((key, v) -> b.dataPoint(
            GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(spec, key)).value(v).build()));
        return b.build();
      }
    }
  }
}
