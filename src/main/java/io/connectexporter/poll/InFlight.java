package io.connectexporter.poll;

import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.ScrapeException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One scrape of a poll running on the request pool: its future, its cancellation and its timing.
 */
final class InFlight<T> {

  /** A scrape that may make several requests, each abortable through the cancellation. */
  @FunctionalInterface
  interface Scrape<T> {
    T run(Cancellation cancellation) throws ScrapeException;
  }

  private final Cancellation cancellation = new Cancellation();
  private final long submittedNanos = System.nanoTime();
  private final Duration pollDeadline;
  private volatile Future<T> future;
  private volatile long startedNanos;
  private volatile long finishedNanos;

  private InFlight(Duration pollDeadline) {
    this.pollDeadline = pollDeadline;
  }

  static <T> InFlight<T> submit(ExecutorService pool, Duration pollDeadline, Scrape<T> scrape) {
    InFlight<T> f = new InFlight<>(pollDeadline);
    Callable<T> task =
        () -> {
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

  /**
   * The scrape's result by the deadline; else it is cancelled and this fails with {@code timeout}.
   */
  T await(long deadlineAtNanos, String what) throws ScrapeException {
    try {
      return future.get(Math.max(0, deadlineAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      cancellation.cancel();
      future.cancel(true);
      throw new ScrapeException(
          "timeout", what + " did not answer within the poll deadline of " + pollDeadline, null);
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
