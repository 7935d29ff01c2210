package io.connectexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Series collected for the contract's metrics during one normalization, turned into the Prometheus
 * client's immutable {@link MetricSnapshots} once. A second value for the same labels is dropped
 * (first wins) and counted, because the client rejects duplicate series.
 */
public final class SeriesSet {

  private final Map<MetricSpec, Map<Labels, Double>> series = new LinkedHashMap<>();
  private int duplicatesDropped;

  /** Adds a series; {@code labelValues} follow the order of {@link MetricSpec#labels()}. */
  public void add(MetricSpec spec, double value, String... labelValues) {
    List<String> names = spec.labels();
    if (names.size() != labelValues.length) {
      throw new IllegalArgumentException(spec.name() + " takes labels " + names + ", got " + labelValues.length);
    }
    String[] values = new String[labelValues.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = labelValues[i] == null ? "" : labelValues[i];
    }
    add(spec, value, Labels.of(names.toArray(String[]::new), values));
  }

  void add(MetricSpec spec, double value, Labels labels) {
    Map<Labels, Double> points = series.computeIfAbsent(spec, s -> new LinkedHashMap<>());
    if (points.putIfAbsent(labels, value) != null) {
      duplicatesDropped++;
    }
  }

  /** Adds every series of another set (e.g. another cluster's). */
  public void addAll(SeriesSet other) {
    other.series.forEach((spec, points) -> points.forEach((labels, value) -> add(spec, value, labels)));
  }

  public int duplicatesDropped() {
    return duplicatesDropped;
  }

  public int size() {
    return series.values().stream().mapToInt(Map::size).sum();
  }

  /** Values of one metric by labels, for tests and diagnostics. */
  public Map<Labels, Double> get(MetricSpec spec) {
    return series.getOrDefault(spec, Map.of());
  }

  public MetricSnapshots toSnapshots() {
    List<MetricSnapshot> snapshots = new ArrayList<>(series.size());
    series.forEach((spec, points) -> snapshots.add(toSnapshot(spec, points)));
    return new MetricSnapshots(snapshots);
  }

  private static MetricSnapshot toSnapshot(MetricSpec spec, Map<Labels, Double> points) {
    switch (spec.kind()) {
      case COUNTER -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.forEach((labels, v) ->
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
        return b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.keySet().forEach(labels ->
            b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build()));
        return b.build();
      }
      default -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(spec.baseName()).help(spec.help());
        points.forEach((labels, v) ->
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
        return b.build();
      }
    }
  }
}
