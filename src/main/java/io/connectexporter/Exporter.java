package io.connectexporter;

import io.connectexporter.autorestart.AutoRestarter;
import io.connectexporter.autorestart.AutoRestarts;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.http.EndpointSecurity;
import io.connectexporter.http.ExporterHttpServer;
import io.connectexporter.http.StatusPage;
import io.connectexporter.metrics.ExporterInfoCollector;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.poll.ClusterPoller;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.sources.Source;
import io.connectexporter.sources.SourceContext;
import io.connectexporter.sources.Sources;
import io.connectexporter.state.LatestPolls;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  private final PollHealth health;
  private final EndpointSecurity security;
  private final LatestPolls latest = new LatestPolls();
  private final AutoRestarts autoRestarts = new AutoRestarts();
  private final ExporterHttpServer server;

  private Exporter(ExporterConfig config) throws IOException {
    this.config = config;
    Set<String> names =
        config.clusters().stream().map(ClusterConfig::name).collect(Collectors.toSet());
    this.store = new SnapshotStore(names);
    this.health =
        new PollHealth(
            names,
            config.pollInterval(),
            config.unhealthyAfterMissedPolls(),
            System::currentTimeMillis);
    this.requests = Executors.newFixedThreadPool(config.concurrency(), daemon("request"));
    this.loops = Executors.newScheduledThreadPool(config.clusters().size(), daemon("poll"));
    this.security = EndpointSecurity.of(config.listenSecurity());
    MultiCollector info =
        new ExporterInfoCollector(store, health, System::currentTimeMillis, version());
    MultiCollector scrapeTime =
        () -> {
          List<MetricSnapshot> all = new ArrayList<>();
          info.collect().forEach(all::add);
          autoRestarts.collect().forEach(all::add);
          return new MetricSnapshots(all);
        };
    this.server =
        ExporterHttpServer.start(
            config.listenHost(),
            config.listenPort(),
            security,
            store,
            health,
            scrapeTime,
            new StatusPage(
                config.clusters().stream().map(ClusterConfig::name).toList(),
                latest,
                autoRestarts::status,
                config.pollInterval(),
                System::currentTimeMillis,
                version()));
  }

  public static Exporter start(ExporterConfig config) throws IOException {
    Exporter exporter = new Exporter(config);
    Sources.check(config);
    for (ClusterConfig cluster : config.clusters()) {
      MetricSelection selection = new MetricSelection(cluster.metrics(), config.includeRates());
      HttpGetter rest = exporter.client(new HttpGetter(cluster.rest(), 4));
      HttpGetter jolokia =
          exporter.client(new HttpGetter(cluster.jolokia(), config.concurrency() * 2));
      List<Source<?>> sources = Sources.enabled(cluster);
      ClusterPoller poller =
          exporter.client(
              new ClusterPoller(
                  cluster,
                  sources,
                  new SourceContext(cluster, rest, jolokia, selection, config.pollDeadline()),
                  exporter.requests,
                  config.pollDeadline()));
      ClusterNormalizer normalizer = new ClusterNormalizer(cluster, selection);
      AutoRestarter autoRestart = exporter.autoRestarts.add(cluster, rest);
      PollLoop loop =
          new PollLoop(
              cluster,
              poller::poll,
              normalizer,
              exporter.store,
              exporter.health,
              exporter.latest,
              autoRestart == null ? PollLoop.AfterPoll.NONE : autoRestart::afterPoll);
      exporter.loops.scheduleAtFixedRate(
          loop::pollOnce, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info(
        "serving /metrics on {}://{}:{}/metrics{} for clusters {}",
        exporter.security.scheme(),
        config.listenHost(),
        exporter.port(),
        config.listenSecurity().users().isEmpty() ? "" : " (basic auth)",
        config.clusters().stream().map(ClusterConfig::name).toList());
    return exporter;
  }

  /** Closed with the exporter. */
  private <C extends AutoCloseable> C client(C closeable) {
    clients.add(closeable);
    return closeable;
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
    autoRestarts.close();
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
