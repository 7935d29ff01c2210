package io.connectexporter.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Holds the last complete result of every cluster and serves it to the HTTP layer. Each publish
 * renders every cluster's series once in the Prometheus text format, straight into gzip, and swaps
 * the result in atomically: a scrape (Prometheus asks for gzip) only copies finished bytes and
 * never waits on Connect or on rendering. Only the gzipped text is kept (about a tenth of the
 * text): a client that does not take gzip gets it inflated as it is sent.
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
  private volatile Rendered rendered = Rendered.of(List.of());

  public SnapshotStore(Set<String> clusters) {
    this.clusters = Set.copyOf(clusters);
  }

  /** Every cluster's published series and their gzipped text exposition. */
  public static final class Rendered {
    private final List<SeriesSet> sets;
    private final int series;
    private final byte[] gzippedText;
    private final long textLength;
    private volatile MetricSnapshots snapshots;
    /** Rendered on first demand: the gzipped OpenMetrics and its length inflated. */
    private volatile OpenMetrics openMetrics;

    private Rendered(List<SeriesSet> sets, int series, byte[] gzippedText, long textLength) {
      this.sets = sets;
      this.series = series;
      this.gzippedText = gzippedText;
      this.textLength = textLength;
    }

    static Rendered of(List<SeriesSet> sets) {
      int series = sets.stream().mapToInt(SeriesSet::size).sum();
      CountingStream[] counted = new CountingStream[1];
      byte[] gzipped = gzip(series, out -> {
        counted[0] = new CountingStream(out);
        TextExposition.write(sets, counted[0]);
      });
      return new Rendered(List.copyOf(sets), series, gzipped, counted[0].count);
    }

    private interface Writer {
      void write(OutputStream out) throws IOException;
    }

    private static byte[] gzip(int series, Writer writer) {
      try {
        ByteArrayOutputStream gz = new ByteArrayOutputStream(Math.max(4096, series * 12));
        // Fastest level: ~3x cheaper than the default for ~15% more bytes on this repetitive text.
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
          writer.write(out);
        }
        return gz.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public byte[] gzippedText() {
      return gzippedText;
    }

    /**
     * The series in the OpenMetrics format (without its {@code # EOF}), gzipped; rendered on the
     * first request for it after a publish (Prometheus asks for OpenMetrics) and kept with the
     * publish, like the text. Only while {@link #liveFormatsAllowed()}: past that, text only.
     */
    public byte[] gzippedOpenMetrics() {
      return openMetrics().gzipped();
    }

    public long openMetricsLength() {
      return openMetrics().length();
    }

    /** The OpenMetrics exposition, inflated as it is read. */
    public InputStream openMetricsText() throws IOException {
      return new GZIPInputStream(new ByteArrayInputStream(gzippedOpenMetrics()), 1 << 16);
    }

    private OpenMetrics openMetrics() {
      OpenMetrics om = openMetrics;
      if (om == null) {
        synchronized (this) {
          om = openMetrics;
          if (om == null) {
            CountingStream[] counted = new CountingStream[1];
            byte[] gzipped = gzip(series, out -> {
              counted[0] = new CountingStream(out);
              OpenMetricsExposition.write(sets, counted[0]);
            });
            om = new OpenMetrics(gzipped, counted[0].count);
            openMetrics = om;
          }
        }
      }
      return om;
    }

    private record OpenMetrics(byte[] gzipped, long length) {
    }

    /** The text exposition, inflated as it is read. */
    public InputStream text() throws IOException {
      return new GZIPInputStream(new ByteArrayInputStream(gzippedText), 1 << 16);
    }

    public long textLength() {
      return textLength;
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

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }

  /** Replaces the cluster's series (sealed here: they are only read from now on) and re-renders. */
  public synchronized void publish(String cluster, SeriesSet series, long completedAt) {
    byCluster.put(cluster, series.seal());
    rendered = Rendered.of(List.copyOf(byCluster.values()));
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
