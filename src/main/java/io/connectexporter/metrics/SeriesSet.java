package io.connectexporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The series of one normalization: per contract metric, label values (in the order of {@link
 * MetricSpec#labels()}) and a value. A second value for the same labels is dropped (first wins) and
 * counted. Once filled it is only read: rendered as text and OpenMetrics by {@link
 * ExpositionFormat}, or turned into the Prometheus client's {@link MetricSnapshots} for protobuf
 * and {@code name[]} requests.
 *
 * <p>Memory is what bounds the exporter at a million series, so a series is one label array plus
 * one {@code double} in its family's arrays (~70 bytes with five labels), not a map entry, a key
 * object and a boxed value (~150 bytes). The index that finds duplicates lives only while the set
 * is filled: {@link #seal()} drops it. Label values are plain arrays because building the client's
 * validated {@link Labels} for every series was the largest cost of a poll at 5 000 tasks (JMH).
 */
public final class SeriesSet {

  /** More series than the cluster's {@code max-series}: the poll is dropped, not half-published. */
  public static final class TooManySeriesException extends RuntimeException {
    TooManySeriesException(int limit) {
      super("more than max-series = " + limit + " series");
    }
  }

  /** Label values of one series, as a key of the duplicate index; hash computed once. */
  private static final class Key {
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

  /** The series of one metric: label arrays and values, in insertion order. */
  static final class Family {
    private final List<String[]> labels = new ArrayList<>();
    private double[] values = new double[8];
    private Set<Key> index = new HashSet<>();

    boolean add(String[] labelValues, double value) {
      if (!index.add(new Key(labelValues))) {
        return false;
      }
      int i = labels.size();
      if (i == values.length) {
        values = Arrays.copyOf(values, i * 2);
      }
      labels.add(labelValues);
      values[i] = value;
      return true;
    }

    int size() {
      return labels.size();
    }

    String[] labels(int i) {
      return labels.get(i);
    }

    double value(int i) {
      return values[i];
    }

    void seal() {
      index = null;
      values = Arrays.copyOf(values, labels.size());
      ((ArrayList<String[]>) labels).trimToSize();
    }
  }

  private final Map<MetricSpec, Family> series = new LinkedHashMap<>();
  private final int maxSeries;
  private final Predicate<MetricSpec> selected;
  private MetricSpec lastSpec;
  private boolean lastSelected;
  private int size;
  private int duplicatesDropped;
  private boolean sealed;

  public SeriesSet() {
    this(Integer.MAX_VALUE);
  }

  /** A set that refuses to grow past {@code maxSeries}, so a huge cluster costs bounded memory. */
  public SeriesSet(int maxSeries) {
    this(maxSeries, spec -> true);
  }

  /** A bounded set that keeps only the series of the selected families and ignores the others. */
  public SeriesSet(int maxSeries, MetricSelection selection) {
    this(maxSeries, selection::includes);
  }

  private SeriesSet(int maxSeries, Predicate<MetricSpec> selected) {
    this.maxSeries = maxSeries;
    this.selected = selected;
  }

  /** Adds a series; {@code labelValues} follow the order of {@link MetricSpec#labels()}. */
  public void add(MetricSpec spec, double value, String... labelValues) {
    if (spec != lastSpec) {
      // Series come in runs of one family: decide once per run.
      lastSpec = spec;
      lastSelected = selected.test(spec);
    }
    if (!lastSelected) {
      return;
    }
    if (spec.labels().size() != labelValues.length) {
      throw new IllegalArgumentException(
          spec.name() + " takes labels " + spec.labels() + ", got " + labelValues.length);
    }
    String[] values = labelValues.clone();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        values[i] = "";
      }
    }
    put(spec, values, value);
  }

  private void put(MetricSpec spec, String[] labelValues, double value) {
    if (sealed) {
      throw new IllegalStateException("the set is sealed: it is only read now");
    }
    if (!series.computeIfAbsent(spec, s -> new Family()).add(labelValues, value)) {
      duplicatesDropped++;
    } else if (++size > maxSeries) {
      throw new TooManySeriesException(maxSeries);
    }
  }

  /** Ends filling: drops the duplicate index and spare capacity. Returns this set. */
  public SeriesSet seal() {
    if (!sealed) {
      series.values().forEach(Family::seal);
      sealed = true;
    }
    return this;
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
    Family f = series.get(spec);
    for (int i = 0; f != null && i < f.size(); i++) {
      out.put(labels(spec, f.labels(i)), f.value(i));
    }
    return out;
  }

  /** The metrics that have series, in insertion order, with their series. */
  Map<MetricSpec, Family> families() {
    return Collections.unmodifiableMap(series);
  }

  /** The client library's snapshots of several sets (e.g. every cluster's), merged by metric. */
  public static MetricSnapshots toSnapshots(Collection<SeriesSet> sets) {
    Map<MetricSpec, List<Family>> bySpec = new LinkedHashMap<>();
    sets.forEach(
        set ->
            set.series.forEach(
                (spec, f) -> bySpec.computeIfAbsent(spec, s -> new ArrayList<>()).add(f)));
    List<MetricSnapshot> snapshots = new ArrayList<>(bySpec.size());
    bySpec.forEach((spec, families) -> snapshots.add(toSnapshot(spec, families)));
    return new MetricSnapshots(snapshots);
  }

  public MetricSnapshots toSnapshots() {
    return toSnapshots(List.of(this));
  }

  private static Labels labels(MetricSpec spec, String[] values) {
    return Labels.of(spec.labels().toArray(String[]::new), values);
  }

  private static MetricSnapshot toSnapshot(MetricSpec spec, List<Family> families) {
    switch (spec.kind()) {
      case COUNTER -> {
        CounterSnapshot.Builder b =
            CounterSnapshot.builder().name(spec.baseName()).help(spec.help());
        each(
            families,
            (l, v) ->
                b.dataPoint(
                    CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels(spec, l))
                        .value(v)
                        .build()));
        return b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(spec.baseName()).help(spec.help());
        each(
            families,
            (l, v) ->
                b.dataPoint(
                    InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(spec, l)).build()));
        return b.build();
      }
      default -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(spec.baseName()).help(spec.help());
        each(
            families,
            (l, v) ->
                b.dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels(spec, l))
                        .value(v)
                        .build()));
        return b.build();
      }
    }
  }

  private interface Point {
    void accept(String[] labels, double value);
  }

  private static void each(List<Family> families, Point point) {
    for (Family f : families) {
      for (int i = 0; i < f.size(); i++) {
        point.accept(f.labels(i), f.value(i));
      }
    }
  }
}
