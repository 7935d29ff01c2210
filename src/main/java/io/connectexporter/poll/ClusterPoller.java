package io.connectexporter.poll;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.discovery.Worker;
import io.connectexporter.discovery.WorkerDiscovery;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.model.MBeanRead;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser.ItemError;
import io.connectexporter.scrape.jolokia.JolokiaScraper;
import io.connectexporter.sources.MBeanSource;
import io.connectexporter.sources.Source;
import io.connectexporter.sources.SourceContext;
import io.connectexporter.sources.WorkerSource;
import io.connectexporter.sources.rest.RestScraper;
import io.connectexporter.sources.rest.RestSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;

/**
 * One poll cycle of one cluster over its enabled sources: REST first (it names the workers), then
 * discovery, then every worker source on every worker in parallel (the MBean sources' reads in one
 * Jolokia bulk request per worker), all on the shared bounded pool and all bounded by the poll
 * deadline. REST gets at most half of it, so a REST API that hangs still leaves the workers time to
 * answer (their addresses come from the last good REST answer). A request still running at its
 * deadline is cancelled (its socket closed) and counted as a timeout; the other targets' data is
 * kept. Each source reports its own targets' health. Not thread-safe: one poll at a time per
 * cluster.
 */
public final class ClusterPoller implements AutoCloseable {

  private final ClusterConfig config;
  private final ExecutorService pool;
  private final Duration deadline;
  private final RestScraper rest;
  private final List<MBeanSource> mbeanSources = new ArrayList<>();
  private final Map<MBeanGroup, MBeanSource> sourceOfGroup = new HashMap<>();
  private final JolokiaScraper jolokia;
  private final List<Scraping<?>> workerSources = new ArrayList<>();
  private final WorkerDiscovery discovery;
  private final ErrorCounters errors = new ErrorCounters();
  private final TargetLog targetLog;
  private long polls;

  /** A worker source with its scraper for this cluster. */
  private record Scraping<R>(WorkerSource<R> source, WorkerSource.Scraper<R> scraper) {}

  public ClusterPoller(
      ClusterConfig config,
      List<Source<?>> sources,
      SourceContext context,
      ExecutorService pool,
      Duration deadline) {
    this.config = config;
    this.pool = pool;
    this.deadline = deadline;
    RestScraper restScraper = null;
    List<MBeanRead> reads = new ArrayList<>();
    for (Source<?> s : sources) {
      if (s instanceof RestSource) {
        restScraper = new RestScraper(config, context.rest());
      } else if (s instanceof MBeanSource m) {
        mbeanSources.add(m);
        for (MBeanRead r : m.catalog().reads(context.selection())) {
          reads.add(r);
          sourceOfGroup.put(r.group(), m);
        }
      } else if (s instanceof WorkerSource<?> w) {
        workerSources.add(scraping(w, context));
      }
    }
    this.rest = restScraper;
    this.jolokia =
        reads.isEmpty() ? null : new JolokiaScraper(JolokiaRequest.of(reads), context.jolokia());
    this.discovery = new WorkerDiscovery(config);
    this.targetLog = new TargetLog(config.name(), System::nanoTime);
  }

  private static <R> Scraping<R> scraping(WorkerSource<R> source, SourceContext context) {
    return new Scraping<>(source, source.scraper(context));
  }

  public ClusterSnapshot poll() {
    long start = System.nanoTime();
    long deadlineAt = start + deadline.toNanos();
    Poll poll = new Poll();
    RestSnapshot restSnapshot =
        rest == null ? null : pollRest(start + deadline.toNanos() / 2, poll);
    List<Worker> workers = discovery.workers(restSnapshot);

    List<Runnable> collect = new ArrayList<>();
    for (Worker w : workers) {
      if (jolokia != null && w.jolokiaUrl() != null) {
        InFlight<JolokiaScraper.Result> f =
            InFlight.submit(pool, deadline, c -> jolokia.poll(w.id(), w.jolokiaUrl(), c));
        collect.add(() -> collectJolokia(w, f, deadlineAt, poll));
      }
      for (Scraping<?> s : workerSources) {
        if (w.restUrl() != null) {
          collect.add(submit(s, w, deadlineAt, poll));
        }
      }
    }
    collect.forEach(Runnable::run);

    errors.retain(poll.liveKeys);
    targetLog.retain(poll.liveTargets);
    polls++;
    double pollSeconds = (System.nanoTime() - start) / 1e9;
    return new ClusterSnapshot(
        config.name(),
        System.currentTimeMillis(),
        pollSeconds,
        polls,
        restSnapshot,
        poll.results,
        poll.health);
  }

  /** What this poll has gathered so far. */
  private static final class Poll {
    final Map<String, List<?>> results = new LinkedHashMap<>();
    final List<TargetHealth> health = new ArrayList<>();
    final Set<String> liveKeys = new HashSet<>();
    final Set<String> liveTargets = new HashSet<>();

    @SuppressWarnings("unchecked")
    <R> void result(String source, R value) {
      ((List<R>) results.computeIfAbsent(source, s -> new ArrayList<R>())).add(value);
    }
  }

  private <R> Runnable submit(Scraping<R> s, Worker w, long deadlineAt, Poll poll) {
    String target = w.restUrl() + "/" + s.source().name();
    InFlight<R> f = InFlight.submit(pool, deadline, c -> s.scraper().scrape(w, c));
    return () -> {
      ScrapeException failure = null;
      try {
        poll.result(s.source().name(), f.await(deadlineAt, target));
        targetLog.succeeded(target);
      } catch (ScrapeException e) {
        failure = e;
        targetLog.failed(target, e);
      }
      report(poll, s.source().name(), target, w.id(), failure, f.seconds());
    };
  }

  private void collectJolokia(
      Worker w, InFlight<JolokiaScraper.Result> f, long deadlineAt, Poll poll) {
    String url = w.jolokiaUrl();
    ScrapeException failure = null;
    try {
      JolokiaScraper.Result result = f.await(deadlineAt, url);
      Map<MBeanSource, List<MBeanReading>> bySource = new LinkedHashMap<>();
      mbeanSources.forEach(m -> bySource.put(m, new ArrayList<>()));
      for (MBeanReading r : result.jmx().readings()) {
        bySource.get(sourceOfGroup.get(r.group())).add(r);
      }
      bySource.forEach((m, readings) -> poll.result(m.name(), new WorkerJmx(w.id(), readings)));
      countSkipped(url, result.parsed());
      targetLog.succeeded(url);
    } catch (ScrapeException e) {
      failure = e;
      targetLog.failed(url, e);
    }
    for (MBeanSource m : mbeanSources) {
      report(poll, m.name(), url, w.id(), failure, f.seconds());
    }
  }

  /** One target's health for one source, its error counted. */
  private void report(
      Poll poll,
      String source,
      String target,
      String workerId,
      ScrapeException failure,
      double seconds) {
    String key = key(source, target);
    poll.liveKeys.add(key);
    poll.liveTargets.add(target);
    if (failure != null) {
      errors.increment(key, failure.reason());
    }
    poll.health.add(
        new TargetHealth(
            source,
            target,
            workerId,
            failure == null,
            seconds,
            failure == null ? null : failure.reason(),
            errors.of(key)));
  }

  private RestSnapshot pollRest(long deadlineAt, Poll poll) {
    Duration budget = Duration.ofNanos(deadlineAt - System.nanoTime());
    InFlight<RestScraper.Result> f = InFlight.submit(pool, deadline, c -> rest.poll(c, budget));
    RestScraper.Result r;
    try {
      r = f.await(deadlineAt, "REST");
    } catch (ScrapeException e) {
      // Cut at the deadline (or failed outside the scraper): reported against the URL tried first.
      r =
          new RestScraper.Result(
              null,
              config.restUrls().get(0),
              timeoutFor(config.restUrls().get(0).toString(), e),
              0,
              f.seconds());
    }
    String target = r.url().toString();
    // Every configured REST URL keeps its error counters, though only the one used is reported.
    config.restUrls().forEach(url -> poll.liveKeys.add(key(RestSource.NAME, url.toString())));
    if (r.error() != null) {
      targetLog.failed(target, r.error());
    } else {
      errors.add(key(RestSource.NAME, target), "bad_connector", r.malformedConnectors());
      targetLog.succeeded(target);
      targetLog.partial(
          target,
          r.malformedConnectors() == 0
              ? null
              : "malformed connector entries were skipped (bad_connector)");
    }
    report(poll, RestSource.NAME, target, "", r.error(), r.seconds());
    return r.snapshot();
  }

  private static ScrapeException timeoutFor(String url, ScrapeException e) {
    return "timeout".equals(e.reason())
        ? new ScrapeException(
            "timeout", url + " did not answer within the REST share of the poll deadline", e)
        : e;
  }

  /** Parts of a good Jolokia answer that failed or were skipped: counted against their source. */
  private void countSkipped(String url, JolokiaResponseParser.Parsed parsed) {
    Set<String> what = new TreeSet<>();
    for (ItemError e : parsed.errors()) {
      errors.increment(key(sourceOfGroup.get(e.group()).name(), url), "jolokia_" + e.status());
      what.add(
          "reading "
              + e.group().type()
              + " failed in Jolokia with "
              + e.status()
              + " "
              + e.errorType());
    }
    // Not attributable to one group: counted against the first MBean source.
    String first = key(mbeanSources.get(0).name(), url);
    errors.add(first, "bad_item", parsed.skippedItems());
    errors.add(first, "bad_value", parsed.skippedValues());
    if (parsed.skippedItems() > 0) {
      what.add("malformed items or MBean names were skipped (bad_item)");
    }
    if (parsed.skippedValues() > 0) {
      what.add("values of the wrong type were skipped (bad_value)");
    }
    targetLog.partial(url, what.isEmpty() ? null : String.join("; ", what));
  }

  private static String key(String source, String target) {
    return source + ' ' + target;
  }

  /** Ends what the worker sources' scrapers run of their own. */
  @Override
  public void close() {
    workerSources.forEach(s -> s.scraper().close());
  }
}
