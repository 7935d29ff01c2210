package io.connectexporter.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Every cluster's published series, rendered once as gzipped text. The client library's
 * {@link MetricSnapshots} (OpenMetrics, protobuf, {@code name[]} filters) are built on first demand,
 * and only up to {@link #LIVE_FORMATS_MAX_SERIES}: they cost several times the memory of our own
 * series, and at a million series they would not fit the heap that serves the text. Past that,
 * every request gets the text format.
 */
public final class RenderedSeries {

  public static final int LIVE_FORMATS_MAX_SERIES = 200_000;

  private final List<SeriesSet> sets;
  private final int series;
  private final GzippedText text;
  private volatile MetricSnapshots snapshots;

  private RenderedSeries(List<SeriesSet> sets, int series, GzippedText text) {
    this.sets = sets;
    this.series = series;
    this.text = text;
  }

  public static RenderedSeries of(List<SeriesSet> sets) {
    int series = sets.stream().mapToInt(SeriesSet::size).sum();
    return new RenderedSeries(List.copyOf(sets), series, GzippedText.of(sets, series));
  }

  public byte[] gzippedText() {
    return text.bytes();
  }

  /** The text exposition, inflated as it is read. */
  public InputStream text() throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(text.bytes()), 1 << 16);
  }

  public long textLength() {
    return text.textLength();
  }

  public int series() {
    return series;
  }

  /** Whether OpenMetrics, protobuf and filtered requests may be rendered live (see the class comment). */
  public boolean liveFormatsAllowed() {
    return series <= LIVE_FORMATS_MAX_SERIES;
  }

  /** The series as the client library's snapshots, built once on first demand. */
  public MetricSnapshots snapshots() {
    MetricSnapshots s = snapshots;
    if (s == null) {
      s = SeriesSet.toSnapshots(sets);
      snapshots = s;
    }
    return s;
  }
}
