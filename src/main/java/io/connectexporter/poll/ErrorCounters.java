package io.connectexporter.poll;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Cumulative error counts per target and reason, owned by one cluster's poll thread. */
final class ErrorCounters {

  private final Map<String, Map<String, Long>> byTarget = new HashMap<>();

  void increment(String target, String reason) {
    add(target, reason, 1);
  }

  void add(String target, String reason, long n) {
    if (n > 0) {
      byTarget.computeIfAbsent(target, t -> new TreeMap<>()).merge(reason, n, Long::sum);
    }
  }

  Map<String, Long> of(String target) {
    return Map.copyOf(byTarget.getOrDefault(target, Map.of()));
  }

  /** Forgets targets that are gone (e.g. a worker removed from the cluster): no stale series. */
  void retain(Set<String> targets) {
    byTarget.keySet().retainAll(targets);
  }
}
