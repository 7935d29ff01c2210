package io.connectexporter;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.http.ExporterHttpServer;
import io.connectexporter.metrics.ClusterNormalizer;
import io.connectexporter.metrics.ExporterInfoCollector;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.scrape.ClusterPoller;
import io.connectexporter.scrape.HttpClientFactory;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaScraper;
import io.connectexporter.scrape.rest.RestScraper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running exporter: one poll loop per cluster on its own thread, a shared bounded pool for
 * requests, the snapshot store, and the HTTP server that serves it.
 */
public final class Exporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final ExporterConfig config;
  private final ScheduledExecutorService loops;
  private final ExecutorService requests;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final SnapshotStore store;
  private final ExporterHttpServer server;

  private Exporter(ExporterConfig config) throws IOException {
    this.config = config;
    this.store = new SnapshotStore(config.clusters().stream().map(ClusterConfig::name).collect(Collectors.toSet()));
    this.requests = Executors.newFixedThreadPool(config.concurrency(), daemon("request"));
    this.loops = Executors.newScheduledThreadPool(config.clusters().size(), daemon("poll"));
    this.server = ExporterHttpServer.start(config.listenHost(), config.listenPort(), store,
        new ExporterInfoCollector(store, System::currentTimeMillis, version()));
  }

  public static Exporter start(ExporterConfig config) throws IOException {
    Exporter exporter = new Exporter(config);
    JolokiaRequest jolokiaRequest = JolokiaRequest.forContract(config.includeRates());
    ClusterNormalizer normalizer = new ClusterNormalizer(config.includeRates());
    for (ClusterConfig cluster : config.clusters()) {
      HttpGetter rest = exporter.client(new HttpGetter(HttpClientFactory.create(cluster.rest(), 4),
          cluster.rest().auth()));
      HttpGetter jolokia = exporter.client(new HttpGetter(HttpClientFactory.create(cluster.jolokia(),
          config.concurrency() * 2), cluster.jolokia().auth()));
      ClusterPoller poller = new ClusterPoller(cluster, exporter.requests, config.pollDeadline(),
          new RestScraper(cluster, rest), new JolokiaScraper(jolokiaRequest, jolokia));
      exporter.loops.scheduleAtFixedRate(() -> exporter.pollOnce(cluster.name(), poller, normalizer), 0,
          config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info("serving /metrics on http://{}:{}/metrics for clusters {}", config.listenHost(), exporter.port(),
        config.clusters().stream().map(ClusterConfig::name).toList());
    return exporter;
  }

  private void pollOnce(String cluster, ClusterPoller poller, ClusterNormalizer normalizer) {
    try {
      ClusterSnapshot snapshot = poller.poll();
      SeriesSet series = normalizer.normalize(snapshot);
      if (series.duplicatesDropped() > 0) {
        log.warn("cluster {}: {} duplicate series dropped", cluster, series.duplicatesDropped());
      }
      store.publish(cluster, series, snapshot.completedAtMillis());
      log.debug("cluster {}: poll took {} s, {} series", cluster, snapshot.pollDurationSeconds(), series.size());
    } catch (RuntimeException e) {
      // Never let one bad poll end the loop: the previous snapshot keeps being served, and its age shows it.
      log.error("cluster {}: poll failed unexpectedly", cluster, e);
    }
  }

  private HttpGetter client(HttpGetter getter) {
    clients.add(getter);
    return getter;
  }

  public int port() {
    return server.port();
  }

  public static String version() {
    String v = Exporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    loops.shutdownNow();
    requests.shutdownNow();
    server.close();
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing client", e);
      }
    }
    try {
      loops.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
