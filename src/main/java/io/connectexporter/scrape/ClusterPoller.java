package io.connectexporter.scrape;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.discovery.JolokiaDiscovery;
import io.connectexporter.discovery.JolokiaTarget;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser.ItemError;
import io.connectexporter.scrape.jolokia.JolokiaScraper;
import io.connectexporter.scrape.rest.RestScraper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One poll cycle of one cluster: REST, then every worker's Jolokia in parallel, all on the shared
 * bounded pool and all bounded by the poll deadline. REST gets at most half of it, so a REST API
 * that hangs still leaves the workers time to answer (their addresses come from the last good
 * REST answer). A request still running at its deadline is cancelled (its socket closed) and
 * counted as a timeout; the other targets' data is kept. Not thread-safe: one poll at a time per
 * cluster.
 */
public final class ClusterPoller {

  private final ClusterConfig config;
  private final ExecutorService pool;
  private final Duration deadline;
  private final RestScraper rest;
  private final JolokiaScraper jolokia;
  private final JolokiaDiscovery discovery;
  private final ErrorCounters errors = new ErrorCounters();
  private final TargetLog targetLog;
  private long polls;

  public ClusterPoller(ClusterConfig config, ExecutorService pool, Duration deadline, RestScraper rest,
      JolokiaScraper jolokia) {
    this.config = config;
    this.pool = pool;
    this.deadline = deadline;
    this.rest = rest;
    this.jolokia = jolokia;
    this.discovery = new JolokiaDiscovery(config);
    this.targetLog = new TargetLog(config.name(), System::nanoTime);
  }

  public ClusterSnapshot poll() {
    long start = System.nanoTime();
    List<TargetHealth> health = new ArrayList<>();
    Set<String> liveTargets = new HashSet<>();
    // Every configured REST URL keeps its error counters, though only the one used is reported.
    config.restUrls().forEach(url -> liveTargets.add(url.toString()));

    RestSnapshot restSnapshot = pollRest(start + deadline.toNanos() / 2, health);

    List<JolokiaTarget> targets = discovery.targets(restSnapshot);
    List<InFlight<JolokiaScraper.Result>> inFlight = new ArrayList<>();
    for (JolokiaTarget t : targets) {
      inFlight.add(submit(c -> jolokia.poll(t.workerId(), t.url(), c)));
    }
    long deadlineAt = start + deadline.toNanos();
    List<WorkerJmx> workers = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      JolokiaTarget t = targets.get(i);
      InFlight<JolokiaScraper.Result> f = inFlight.get(i);
      liveTargets.add(t.url());
      ScrapeException failure = null;
      try {
        JolokiaScraper.Result result = f.await(deadlineAt, t.url());
        workers.add(result.jmx());
        countSkipped(t.url(), result.parsed());
        targetLog.succeeded(t.url());
      } catch (ScrapeException e) {
        failure = e;
        errors.increment(t.url(), e.reason());
        targetLog.failed(t.url(), e);
      }
      health.add(new TargetHealth("jolokia", t.url(), t.workerId(), failure == null, f.seconds(),
          failure == null ? null : failure.reason(), errors.of(t.url())));
    }
    errors.retain(liveTargets);
    targetLog.retain(liveTargets);
    polls++;
    double pollSeconds = (System.nanoTime() - start) / 1e9;
    return new ClusterSnapshot(config.name(), System.currentTimeMillis(), pollSeconds, polls, restSnapshot, workers,
        health);
  }

  private RestSnapshot pollRest(long deadlineAt, List<TargetHealth> health) {
    Duration budget = Duration.ofNanos(deadlineAt - System.nanoTime());
    InFlight<RestScraper.Result> f = submit(c -> rest.poll(c, budget));
    RestScraper.Result r;
    try {
      r = f.await(deadlineAt, "REST");
    } catch (ScrapeException e) {
      // Cut at the deadline (or failed outside the scraper): reported against the URL tried first.
      r = new RestScraper.Result(null, config.restUrls().get(0), timeoutFor(config.restUrls().get(0).toString(), e),
          0, f.seconds());
    }
    String target = r.url().toString();
    if (r.error() != null) {
      errors.increment(target, r.error().reason());
      targetLog.failed(target, r.error());
    } else {
      errors.add(target, "bad_connector", r.malformedConnectors());
      targetLog.succeeded(target);
      targetLog.partial(target, r.malformedConnectors() == 0 ? null
          : "malformed connector entries were skipped (bad_connector)");
    }
    health.add(new TargetHealth("rest", target, "", r.error() == null, r.seconds(),
        r.error() == null ? null : r.error().reason(), errors.of(target)));
    return r.snapshot();
  }

  private static ScrapeException timeoutFor(String url, ScrapeException e) {
    return "timeout".equals(e.reason())
        ? new ScrapeException("timeout", url + " did not answer within the REST share of the poll deadline", e)
        : e;
  }

  private void countSkipped(String url, JolokiaResponseParser.Parsed parsed) {
    Set<String> what = new TreeSet<>();
    for (ItemError e : parsed.errors()) {
      errors.increment(url, "jolokia_" + e.status());
      what.add("reading " + e.group().type() + " failed in Jolokia with " + e.status() + " " + e.errorType());
    }
    errors.add(url, "bad_item", parsed.skippedItems());
    errors.add(url, "bad_value", parsed.skippedValues());
    if (parsed.skippedItems() > 0) {
      what.add("malformed items or MBean names were skipped (bad_item)");
    }
    if (parsed.skippedValues() > 0) {
      what.add("values of the wrong type were skipped (bad_value)");
    }
    targetLog.partial(url, what.isEmpty() ? null : String.join("; ", what));
  }

  /** A scrape that may make several requests, each abortable through the cancellation. */
  @FunctionalInterface
  private interface Scrape<T> {
    T run(Cancellation cancellation) throws ScrapeException;
  }

  private <T> InFlight<T> submit(Scrape<T> scrape) {
    InFlight<T> f = new InFlight<>(System.nanoTime());
    Callable<T> task = () -> {
      f.startedNanos = System.nanoTime();
      try {
        return scrape.run(f.cancellation);
      } finally {
        f.finishedNanos = System.nanoTime();
      }
    };
    f.future = pool.submit(task);
    return f;
  }

  /** One scrape of this poll: its future, its cancellation and timing. */
  private final class InFlight<T> {
    volatile Future<T> future;
    final Cancellation cancellation = new Cancellation();
    volatile long startedNanos;
    volatile long finishedNanos;
    private final long submittedNanos;

    InFlight(long submittedNanos) {
      this.submittedNanos = submittedNanos;
    }

    /** The scrape's result by the deadline; else it is cancelled and this fails with {@code timeout}. */
    T await(long deadlineAtNanos, String what) throws ScrapeException {
      try {
        return future.get(Math.max(0, deadlineAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        cancellation.cancel();
        future.cancel(true);
        throw new ScrapeException("timeout", what + " did not answer within the poll deadline of " + deadline, null);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof OutOfMemoryError oom) {
          throw oom; // not a target's fault: the poll loop ends the process (PollLoop)
        }
        throw ScrapeException.of(what, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancellation.cancel();
        future.cancel(true);
        throw new ScrapeException("timeout", what + ": poll interrupted", e);
      }
    }

    /** The scrape's wall time; for one cut at the deadline, the time until it was given up. */
    double seconds() {
      long begin = startedNanos > 0 ? startedNanos : submittedNanos;
      long end = finishedNanos > 0 ? finishedNanos : System.nanoTime();
      return (end - begin) / 1e9;
    }
  }
}
