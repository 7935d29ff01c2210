package io.connectexporter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the last complete result of every cluster and serves it to the HTTP layer. Each publish
 * renders every cluster's series once, straight into gzip, in the format the scrapers asked for
 * since the last publish (the Prometheus text format at first; OpenMetrics once Prometheus has
 * scraped, as it asks for that first), and swaps the result in atomically: a scrape (Prometheus
 * asks for gzip) only copies finished bytes and never waits on Connect; a format not rendered yet
 * is rendered once by the first scrape that asks for it. Only gzipped bytes are kept (about a
 * tenth of the text): a client that does not take gzip gets them inflated as they are sent.
 *
 * <p>The client library's {@link MetricSnapshots} (OpenMetrics, protobuf, {@code name[]}
 * filters) are built on first demand per publish, and only up to {@link #LIVE_FORMATS_MAX_SERIES}:
 * they cost several times the memory of our own series, and at a million series they would not fit
 * the heap that serves the text. Past that, every request gets the text format.
 */
public final class SnapshotStore implements MultiCollector {

  public static final int LIVE_FORMATS_MAX_SERIES = 200_000;

  private final Set<String> clusters;
  private final Map<String, SeriesSet> byCluster = new TreeMap<>();
  private final Map<String, Long> completedAtMillis = new ConcurrentHashMap<>();
  /** Read at scrape time without the publish lock, which is held while a poll renders (seconds at 1 M series). */
  private final Map<String, Integer> seriesCounts = new ConcurrentHashMap<>();
  private final Demand demand = new Demand();
  private volatile Rendered rendered = new Rendered(List.of(), demand);

  public SnapshotStore(Set<String> clusters) {
    this.clusters = Set.copyOf(clusters);
  }

  /** Every cluster's published series and their gzipped expositions, text and OpenMetrics. */
  public static final class Rendered {
    private final List<SeriesSet> sets;
    private final int series;
    private final GzippedExposition text;
    private final GzippedExposition openMetrics;
    private volatile MetricSnapshots snapshots;

    private Rendered(List<SeriesSet> sets, Demand demand) {
      this.sets = sets;
      this.series = sets.stream().mapToInt(SeriesSet::size).sum();
      this.text = new GzippedExposition(out -> TextExposition.write(sets, out), series, demand.text);
      this.openMetrics = new GzippedExposition(out -> OpenMetricsExposition.write(sets, out), series,
          demand.openMetrics);
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

    /** Whether OpenMetrics, protobuf and filtered requests may be rendered live (see the class comment). */
    public boolean liveFormatsAllowed() {
      return series <= LIVE_FORMATS_MAX_SERIES;
    }

    MetricSnapshots snapshots() {
      MetricSnapshots s = snapshots;
      if (s == null) {
        s = SeriesSet.toSnapshots(sets);
        snapshots = s;
      }
      return s;
    }
  }

  /**
   * Which formats were served since the last publish, and so are rendered at the next one: the
   * text at first, then what the scrapers asked for last (Prometheus: OpenMetrics). A format not
   * rendered at publish is rendered by the first scrape that asks for it.
   */
  private static final class Demand {
    final AtomicBoolean text = new AtomicBoolean();
    final AtomicBoolean openMetrics = new AtomicBoolean();
    private boolean renderText = true;
    private boolean renderOpenMetrics;

    /** Called at each publish: the formats asked for since the last one, or as before if none was. */
    void update() {
      boolean t = text.getAndSet(false);
      boolean om = openMetrics.getAndSet(false);
      if (t || om) {
        renderText = t;
        renderOpenMetrics = om;
      }
    }
  }

  /** Replaces the cluster's series (sealed here: they are only read from now on) and re-renders. */
  public synchronized void publish(String cluster, SeriesSet series, long completedAt) {
    byCluster.put(cluster, series.seal());
    demand.update();
    Rendered next = new Rendered(List.copyOf(byCluster.values()), demand);
    next.text.render(demand.renderText);
    next.openMetrics.render(demand.renderOpenMetrics);
    rendered = next;
    seriesCounts.put(cluster, series.size());
    completedAtMillis.put(cluster, completedAt); // ready only once /metrics serves it
  }

  /** Ready once every configured cluster has completed a poll. */
  public boolean ready() {
    return completedAtMillis.keySet().containsAll(clusters);
  }

  /** How many series each cluster's served snapshot has. */
  public Map<String, Integer> seriesByCluster() {
    return new TreeMap<>(seriesCounts);
  }

  /** The configured clusters without a published poll yet. */
  public Set<String> notYetPublished() {
    Set<String> missing = new java.util.TreeSet<>(clusters);
    missing.removeAll(completedAtMillis.keySet());
    return missing;
  }

  /** When each cluster's served snapshot was completed (epoch millis). */
  public Map<String, Long> completedAtMillis() {
    return Map.copyOf(completedAtMillis);
  }

  /** The last published series, already rendered. */
  public Rendered rendered() {
    return rendered;
  }

  @Override
  public MetricSnapshots collect() {
    return rendered.snapshots();
  }
}
