package io.connectexporter.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Every cluster's published series and their gzipped expositions, text and OpenMetrics, each
 * rendered once (at publish if it was scraped since the last one, else by the first scrape asking
 * for it). The client library's {@link MetricSnapshots} (protobuf, {@code name[]} filters) are
 * built on first demand, and only up to {@link #LIVE_FORMATS_MAX_SERIES}: they cost several times
 * the memory of our own series, and at a million series they would not fit the heap that serves the
 * text. Past that, every request gets the text format.
 */
public final class RenderedSeries {

  public static final int LIVE_FORMATS_MAX_SERIES = 200_000;

  private final List<SeriesSet> sets;
  private final int series;
  private final GzippedExposition text;
  private final GzippedExposition openMetrics;
  private volatile MetricSnapshots snapshots;

  RenderedSeries(List<SeriesSet> sets, FormatDemand demand) {
    this.sets = List.copyOf(sets);
    this.series = sets.stream().mapToInt(SeriesSet::size).sum();
    this.text =
        new GzippedExposition(
            out -> ExpositionFormat.TEXT.write(this.sets, out), series, demand.text);
    this.openMetrics =
        new GzippedExposition(
            out -> ExpositionFormat.OPENMETRICS.write(this.sets, out), series, demand.openMetrics);
  }

  /** Renders now the formats asked for since the last publish. */
  void renderAsDemanded(FormatDemand demand) {
    text.render(demand.renderText());
    openMetrics.render(demand.renderOpenMetrics());
  }

  public byte[] gzippedText() {
    return text.gzipped();
  }

  /** The text exposition, inflated as it is read. */
  public InputStream text() throws IOException {
    return text.inflated();
  }

  public long textLength() {
    return text.length();
  }

  /**
   * The series in the OpenMetrics format (without its {@code # EOF}: the scrape-time series
   * follow), gzipped. Only while {@link #liveFormatsAllowed()}: past that, text only.
   */
  public byte[] gzippedOpenMetrics() {
    return openMetrics.gzipped();
  }

  public InputStream openMetricsText() throws IOException {
    return openMetrics.inflated();
  }

  public long openMetricsLength() {
    return openMetrics.length();
  }

  public int series() {
    return series;
  }

  /**
   * Whether OpenMetrics, protobuf and filtered requests may be rendered live (see the class
   * comment).
   */
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
