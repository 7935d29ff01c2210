package io.connectexporter.sources.health;

import io.connectexporter.discovery.Worker;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.sources.WorkerSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One cluster's health checks, one at a time per worker, each on a thread of its own so that
 * Connect's 10 s wait for a worker that is not healthy never holds the poll: a poll waits {@link
 * #WAIT} (at most half the poll deadline) for the check (a healthy worker answers in milliseconds),
 * then reports {@link WorkerHealth.Status#WAITING}, or what the last finished check said if that
 * was not healthy; a later poll collects the answer. A check that gets no answer at all (refused,
 * timeout after {@link #CHECK_TIMEOUT}, TLS) fails the poll's scrape of the worker with its reason.
 */
final class HealthChecks implements WorkerSource.Scraper<HealthReading> {

  /**
   * How long a poll waits for a check (at most half the poll deadline): Connect answers a healthy
   * worker at once.
   */
  static final Duration WAIT = Duration.ofSeconds(2);

  /** Above Connect's own 10 s wait, so that its 503 (starting) and 500 (unhealthy) arrive. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

  /** Workers not asked for this long (gone from the cluster) are forgotten. */
  private static final long FORGET_AFTER_NANOS = Duration.ofMinutes(10).toNanos();

  private final HealthScraper scraper;
  private final Duration wait;
  private final ExecutorService checks =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "health-check");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Check> byWorker = new ConcurrentHashMap<>();

  HealthChecks(HealthScraper scraper, Duration wait) {
    this.scraper = scraper;
    this.wait = wait;
  }

  /** One worker's check in flight, and what the last finished one said. */
  private static final class Check {
    Future<WorkerHealth> inFlight;
    WorkerHealth last;
    long askedAtNanos;
  }

  @Override
  public HealthReading scrape(Worker worker, Cancellation cancellation) throws ScrapeException {
    long now = System.nanoTime();
    byWorker.values().removeIf(c -> now - c.askedAtNanos > FORGET_AFTER_NANOS);
    Check check = byWorker.computeIfAbsent(worker.id(), id -> new Check());
    Future<WorkerHealth> f;
    synchronized (check) {
      check.askedAtNanos = now;
      if (check.inFlight == null) {
        check.inFlight =
            checks.submit(() -> scraper.poll(worker.restUrl(), CHECK_TIMEOUT, Cancellation.none()));
      }
      f = check.inFlight;
    }
    try {
      WorkerHealth health = f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      finished(check, health);
      return new HealthReading(worker.id(), health);
    } catch (TimeoutException e) {
      WorkerHealth last;
      synchronized (check) {
        last = check.last;
      }
      return new HealthReading(
          worker.id(),
          last != null && !last.healthy()
              ? last
              : new WorkerHealth(
                  WorkerHealth.Status.WAITING, "no answer within " + wait.toMillis() + " ms", 0));
    } catch (ExecutionException e) {
      finished(check, null);
      throw e.getCause() instanceof ScrapeException s
          ? s
          : ScrapeException.of(worker.restUrl() + "/health", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScrapeException("timeout", worker.restUrl() + "/health: poll interrupted", e);
    }
  }

  /** Ends the checks still waiting on Connect (their sockets are closed with the HTTP client). */
  @Override
  public void close() {
    checks.shutdownNow();
  }

  private static void finished(Check check, WorkerHealth health) {
    synchronized (check) {
      check.inFlight = null;
      if (health != null) {
        check.last = health;
      }
    }
  }
}
