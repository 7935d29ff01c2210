package io.connectexporter.control;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Connect version (as {@code GET /} reports it) supports. */
public final class ConnectVersion {

  private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\b.*");

  /** Confluent Platform builds report their own numbering ("7.5.0-ccs" is Apache Kafka 3.5). */
  private static final Pattern CONFLUENT = Pattern.compile(".*-(ccs|ce)\\b.*");

  private static final int CONFLUENT_MAJOR_OFFSET = 4;

  private ConnectVersion() {}

  /**
   * True when the version has {@code POST /connectors/X/restart?includeTasks=true&onlyFailed=true}
   * (KIP-745, Apache Kafka 3.0). An unknown or unparsable version answers false: the calls made
   * instead (one per connector and task) work on every version.
   */
  public static boolean restartsConnectorAndTasksInOneCall(String version) {
    return atLeast(version, 3, 0);
  }

  static boolean atLeast(String version, int major, int minor) {
    if (version == null) {
      return false;
    }
    Matcher m = MAJOR_MINOR.matcher(version.trim());
    if (!m.matches()) {
      return false;
    }
    int actualMajor = Integer.parseInt(m.group(1));
    if (CONFLUENT.matcher(version).matches()) {
      actualMajor -= CONFLUENT_MAJOR_OFFSET;
    }
    int actualMinor = Integer.parseInt(m.group(2));
    return actualMajor > major || actualMajor == major && actualMinor >= minor;
  }
}
