package io.connectexporter.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a cluster's {@code auto-restart} block (see reference.conf). */
final class AutoRestartReader {

  /** Restarts per episode past this are a typo, not a policy (a restart loop in all but name). */
  private static final int MAX_RESTARTS_LIMIT = 1000;

  private final ConfigReads reads;

  AutoRestartReader(ConfigReads reads) {
    this.reads = reads;
  }

  AutoRestartSettings read(Config c, String path) {
    boolean enabled = reads.bool(c, "enabled", path);
    boolean dryRun = reads.bool(c, "dry-run", path);
    Duration minFailed = reads.duration(c, "min-failed-time", path);
    Duration initial = reads.duration(c, "initial-backoff", path);
    Duration max = reads.duration(c, "max-backoff", path);
    int maxRestarts = reads.integer(c, "max-restarts", path, 1, MAX_RESTARTS_LIMIT);
    Duration resetAfter = reads.duration(c, "reset-after", path);
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      reads.problems.add(
          path + ".max-backoff: " + max + " is shorter than initial-backoff " + initial);
    }
    List<Pattern> include = patterns(c, "include-connectors", path);
    List<Pattern> exclude = patterns(c, "exclude-connectors", path);
    if (minFailed == null || initial == null || max == null || resetAfter == null) {
      return AutoRestartSettings.OFF; // the problems are reported; the config is refused
    }
    return new AutoRestartSettings(
        enabled, dryRun, minFailed, initial, max, maxRestarts, resetAfter, include, exclude);
  }

  private List<Pattern> patterns(Config c, String key, String path) {
    List<Pattern> patterns = new ArrayList<>();
    List<String> listed = reads.stringList(c, key, path);
    for (int i = 0; listed != null && i < listed.size(); i++) {
      try {
        patterns.add(Pattern.compile(listed.get(i)));
      } catch (PatternSyntaxException e) {
        reads.problems.add(
            path
                + "."
                + key
                + "["
                + i
                + "]: \""
                + listed.get(i)
                + "\" is not a valid regex ("
                + e.getDescription()
                + ")");
      }
    }
    return patterns;
  }
}
