package io.connectexporter.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds the last complete result of every cluster and serves it to the HTTP layer. Each publish
 * builds the combined, immutable {@link MetricSnapshots} once, renders it once in the Prometheus
 * text format (plain and gzipped), and swaps all of it in atomically: a scrape of the default
 * format only copies finished bytes and never waits on Connect or on rendering (at 5 000 tasks
 * rendering ~200 000 series takes hundreds of milliseconds; see the README's scale table).
 */
public final class SnapshotStore implements MultiCollector {

  private final Set<String> clusters;
  private final Map<String, SeriesSet> byCluster = new ConcurrentHashMap<>();
  private final Map<String, Long> completedAtMillis = new ConcurrentHashMap<>();
  private volatile Rendered rendered = Rendered.of(new MetricSnapshots());

  /** A published snapshot and its pre-rendered Prometheus text exposition. */
  public record Rendered(MetricSnapshots snapshots, byte[] text, byte[] gzippedText) {

    static Rendered of(MetricSnapshots snapshots) {
      try {
        ByteArrayOutputStream text = new ByteArrayOutputStream(1 << 16);
        PrometheusTextFormatWriter.create().write(text, snapshots);
        byte[] plain = text.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream(Math.max(1024, plain.length / 8));
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
          out.write(plain);
        }
        return new Rendered(snapshots, plain, gz.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public SnapshotStore(Set<String> clusters) {
    this.clusters = Set.copyOf(clusters);
  }

  public synchronized void publish(String cluster, SeriesSet series, long completedAt) {
    byCluster.put(cluster, series);
    completedAtMillis.put(cluster, completedAt);
    SeriesSet all = new SeriesSet();
    byCluster.values().forEach(all::addAll);
    rendered = Rendered.of(all.toSnapshots());
  }

  /** The last published snapshot, already rendered. */
  public Rendered rendered() {
    return rendered;
  }

  /** Ready once every configured cluster has completed a poll. */
  public boolean ready() {
    return completedAtMillis.keySet().containsAll(clusters);
  }

  /** When each cluster's served snapshot was completed (epoch millis). */
  public Map<String, Long> completedAtMillis() {
    return Map.copyOf(completedAtMillis);
  }

  @Override
  public MetricSnapshots collect() {
    return rendered.snapshots();
  }
}
