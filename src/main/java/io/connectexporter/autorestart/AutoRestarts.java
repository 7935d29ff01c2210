package io.connectexporter.autorestart;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.control.ConnectClient;
import io.connectexporter.http.AutoRestartStatus;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.scrape.HttpGetter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auto-restarters of the clusters that enabled auto-restart: their series (at scrape time),
 * their status for the status page, and their threads (one per such cluster).
 */
public final class AutoRestarts implements MultiCollector, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AutoRestarts.class);

  private final Map<String, AutoRestarter> byCluster = new ConcurrentHashMap<>();
  private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();

  /**
   * The cluster's auto-restarter, restarting through the poll's own REST connection pool, or null
   * when the cluster did not enable auto-restart.
   */
  public AutoRestarter add(ClusterConfig cluster, HttpGetter rest) {
    if (!cluster.autoRestart().enabled()) {
      return null;
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "auto-restart-" + cluster.name());
              t.setDaemon(true);
              return t;
            });
    executors.put(cluster.name(), executor);
    AutoRestarter restarter =
        new AutoRestarter(
            cluster.name(),
            cluster.autoRestart(),
            new ConnectClient(cluster, rest),
            executor,
            System::currentTimeMillis);
    byCluster.put(cluster.name(), restarter);
    AutoRestartSettings s = cluster.autoRestart();
    log.info(
        "auto-restart {}for cluster {}: FAILED for {}, backoff {} to {}, at most {} restarts per episode,"
            + " reset after {} RUNNING",
        s.dryRun() ? "(dry-run) " : "",
        cluster.name(),
        s.minFailedTime(),
        s.initialBackoff(),
        s.maxBackoff(),
        s.maxRestarts(),
        s.resetAfter());
    return restarter;
  }

  public AutoRestartStatus status(String cluster) {
    AutoRestarter restarter = byCluster.get(cluster);
    return restarter == null ? AutoRestartStatus.OFF : restarter.status();
  }

  @Override
  public MetricSnapshots collect() {
    SeriesSet out = new SeriesSet();
    byCluster.values().forEach(r -> r.collect(out));
    return out.toSnapshots();
  }

  @Override
  public void close() {
    executors.values().forEach(ExecutorService::shutdownNow);
    for (ExecutorService e : executors.values()) {
      try {
        e.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
