package io.connectexporter.scrape;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.discovery.JolokiaDiscovery;
import io.connectexporter.discovery.JolokiaTarget;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser.ItemError;
import io.connectexporter.scrape.jolokia.JolokiaScraper;
import io.connectexporter.scrape.rest.RestScraper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll cycle of one cluster: REST once, then every worker's Jolokia in parallel on the shared,
 * bounded pool. A worker that has not answered by the poll deadline is cancelled and counted as a
 * timeout; the others' data is kept. Not thread-safe: one poll at a time per cluster.
 */
public final class ClusterPoller {

  private static final Logger log = LoggerFactory.getLogger(ClusterPoller.class);

  private final ClusterConfig config;
  private final ExecutorService pool;
  private final Duration deadline;
  private final RestScraper rest;
  private final JolokiaScraper jolokia;
  private final JolokiaDiscovery discovery;
  private final ErrorCounters errors = new ErrorCounters();
  private long polls;

  public ClusterPoller(ClusterConfig config, ExecutorService pool, Duration deadline, RestScraper rest,
      JolokiaScraper jolokia) {
    this.config = config;
    this.pool = pool;
    this.deadline = deadline;
    this.rest = rest;
    this.jolokia = jolokia;
    this.discovery = new JolokiaDiscovery(config);
  }

  public ClusterSnapshot poll() {
    long start = System.nanoTime();
    long deadlineAt = start + deadline.toNanos();
    List<TargetHealth> health = new ArrayList<>();

    RestScraper.Result r = rest.poll();
    String restTarget = r.url().toString();
    if (r.error() != null) {
      errors.increment(restTarget, r.error().reason());
    }
    Set<String> liveTargets = new HashSet<>();
    // Every configured REST URL keeps its error counters, though only the one used is reported.
    config.restUrls().forEach(url -> liveTargets.add(url.toString()));
    health.add(new TargetHealth("rest", restTarget, "", r.error() == null, r.seconds(),
        r.error() == null ? null : r.error().reason(), errors.of(restTarget)));

    List<JolokiaTarget> targets = discovery.targets(r.snapshot());
    List<InFlight> inFlight = new ArrayList<>();
    for (JolokiaTarget t : targets) {
      InFlight f = new InFlight(start);
      f.future = pool.submit(() -> {
        f.startedNanos = System.nanoTime();
        try {
          return jolokia.poll(t.workerId(), t.url(), http -> f.request = http);
        } finally {
          f.finishedNanos = System.nanoTime();
        }
      });
      inFlight.add(f);
    }

    List<WorkerJmx> workers = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      JolokiaTarget t = targets.get(i);
      InFlight f = inFlight.get(i);
      liveTargets.add(t.url());
      ScrapeException failure = null;
      try {
        JolokiaScraper.Result result = f.future.get(Math.max(0, deadlineAt - System.nanoTime()),
            TimeUnit.NANOSECONDS);
        workers.add(result.jmx());
        for (ItemError e : result.itemErrors()) {
          errors.increment(t.url(), "jolokia_" + e.status());
          log.warn("{}: reading {} failed in Jolokia with {} {}", t.url(), e.group().objectNamePattern(), e.status(),
              e.errorType());
        }
      } catch (TimeoutException e) {
        HttpUriRequestBase request = f.request;
        if (request != null) {
          request.cancel();
        }
        f.future.cancel(true);
        failure = new ScrapeException("timeout", t.url() + " did not answer within the poll deadline of " + deadline,
            null);
      } catch (ExecutionException e) {
        failure = ScrapeException.of(t.url(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new ScrapeException("timeout", t.url() + ": poll interrupted", e);
      }
      if (failure != null) {
        errors.increment(t.url(), failure.reason());
        log.warn("worker {}: {}", t.workerId(), failure.getMessage());
      }
      health.add(new TargetHealth("jolokia", t.url(), t.workerId(), failure == null, f.seconds(),
          failure == null ? null : failure.reason(), errors.of(t.url())));
    }
    errors.retain(liveTargets);
    polls++;
    double pollSeconds = (System.nanoTime() - start) / 1e9;
    return new ClusterSnapshot(config.name(), System.currentTimeMillis(), pollSeconds, polls, r.snapshot(), workers,
        health);
  }

  /** One worker's request of this poll: its future, the HTTP request (to cancel it) and timing. */
  private static final class InFlight {
    volatile Future<JolokiaScraper.Result> future;
    volatile HttpUriRequestBase request;
    volatile long startedNanos;
    volatile long finishedNanos;
    private final long pollStartNanos;

    InFlight(long pollStartNanos) {
      this.pollStartNanos = pollStartNanos;
    }

    /** The request's wall time; for one cut at the deadline, the time until it was given up. */
    double seconds() {
      long begin = startedNanos > 0 ? startedNanos : pollStartNanos;
      long end = finishedNanos > 0 ? finishedNanos : System.nanoTime();
      return (end - begin) / 1e9;
    }
  }
}
