package io.connectexporter.poll;

import io.connectexporter.scrape.ScrapeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a target's health the way a person reads it: once when it goes down (with the reason), once
 * when it is back, and while it stays down a reminder at most every {@link #REMINDER_EVERY}; the
 * same for an answer that had parts skipped. No stack traces: these are expected network failures,
 * and the reason is in the metrics. Owned by one cluster's poll thread.
 */
final class TargetLog {

  static final Duration REMINDER_EVERY = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger("io.connectexporter.targets");

  private final String cluster;
  private final LongSupplier nanoClock;
  private final Map<String, State> byTarget = new HashMap<>();

  private static final class State {
    String downReason;
    long downSinceNanos;
    long failures;
    long lastLoggedNanos;
    String partial;
    long partialLoggedNanos;
  }

  TargetLog(String cluster, LongSupplier nanoClock) {
    this.cluster = cluster;
    this.nanoClock = nanoClock;
  }

  void failed(String target, ScrapeException e) {
    State s = byTarget.computeIfAbsent(target, t -> new State());
    long now = nanoClock.getAsLong();
    s.failures++;
    if (s.downReason == null || !s.downReason.equals(e.reason())) {
      if (s.downReason == null) {
        s.downSinceNanos = now;
      }
      s.downReason = e.reason();
      s.lastLoggedNanos = now;
      log.warn("cluster {}: target down ({}): {}", cluster, e.reason(), e.getMessage());
    } else if (now - s.lastLoggedNanos >= REMINDER_EVERY.toNanos()) {
      s.lastLoggedNanos = now;
      log.warn(
          "cluster {}: target still down ({}) for {} s, {} failed polls: {}",
          cluster,
          e.reason(),
          (now - s.downSinceNanos) / 1_000_000_000L,
          s.failures,
          e.getMessage());
    }
  }

  void succeeded(String target) {
    State s = byTarget.computeIfAbsent(target, t -> new State());
    if (s.downReason != null) {
      log.info(
          "cluster {}: {} is up again after {} s and {} failed polls",
          cluster,
          target,
          (nanoClock.getAsLong() - s.downSinceNanos) / 1_000_000_000L,
          s.failures);
    }
    s.downReason = null;
    s.failures = 0;
  }

  /**
   * Parts of a good answer were skipped: logged when what was skipped changes, then as a reminder.
   */
  void partial(String target, String what) {
    State s = byTarget.computeIfAbsent(target, t -> new State());
    long now = nanoClock.getAsLong();
    if (what == null) {
      s.partial = null;
      return;
    }
    if (!what.equals(s.partial) || now - s.partialLoggedNanos >= REMINDER_EVERY.toNanos()) {
      s.partial = what;
      s.partialLoggedNanos = now;
      log.warn("cluster {}: {} answered, but {}", cluster, target, what);
    }
  }

  void retain(Set<String> targets) {
    byTarget.keySet().retainAll(targets);
  }
}
