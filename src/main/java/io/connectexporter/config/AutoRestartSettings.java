package io.connectexporter.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Auto-restart of one cluster's FAILED connectors and tasks (off unless {@code enabled}).
 *
 * @param dryRun decide, log and count, but never call Connect
 * @param minFailedTime how long a connector or task must have been FAILED before its restart
 * @param initialBackoff the wait after the first restart of a failure episode; doubled after each
 * @param maxBackoff the longest wait between two restarts of one episode
 * @param maxRestarts restarts per failure episode; after them the exporter gives up
 * @param resetAfter RUNNING this long ends the episode (the next failure starts at attempt 1)
 * @param include connector names (whole-name regexes) auto-restart may touch ({@code
 *     include-connectors})
 * @param exclude connector names it never touches, winning over include ({@code
 *     exclude-connectors})
 */
public record AutoRestartSettings(
    boolean enabled,
    boolean dryRun,
    Duration minFailedTime,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxRestarts,
    Duration resetAfter,
    List<Pattern> include,
    List<Pattern> exclude) {

  /** What a cluster without an {@code auto-restart} block gets. */
  public static final AutoRestartSettings OFF =
      new AutoRestartSettings(
          false,
          false,
          Duration.ofMinutes(1),
          Duration.ofMinutes(1),
          Duration.ofMinutes(30),
          5,
          Duration.ofMinutes(10),
          List.of(Pattern.compile(".*")),
          List.of());

  public AutoRestartSettings {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /**
   * True when auto-restart may touch this connector: a whole-name match of include, none of
   * exclude.
   */
  public boolean covers(String connector) {
    return include.stream().anyMatch(p -> p.matcher(connector).matches())
        && exclude.stream().noneMatch(p -> p.matcher(connector).matches());
  }

  /**
   * The wait after the {@code attempt}-th restart (1-based): initial, doubled each time, capped.
   */
  public Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
