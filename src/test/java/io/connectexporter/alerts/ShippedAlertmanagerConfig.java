package io.connectexporter.alerts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code alerts/alertmanager.example.yml} as shipped (routes, grouping, inhibition) for a test's
 * real Alertmanager: both receivers' placeholder URLs pointed at the test's webhook and the group
 * wait shortened, nothing else changed.
 */
public final class ShippedAlertmanagerConfig {

  public static final Path FILE = Path.of("alerts/alertmanager.example.yml");
  static final String PAGER_URL = "http://pager.example.invalid/hook";
  static final String CHAT_URL = "http://chat.example.invalid/hook";
  static final String GROUP_WAIT = "group_wait: 30s";

  private ShippedAlertmanagerConfig() {}

  /** Writes the adapted copy to {@code dir/alertmanager.yml} and returns its path. */
  public static Path writeFor(Path dir, String webhookUrl, Duration groupWait) throws Exception {
    String shipped = Files.readString(FILE);
    for (String expected : new String[] {PAGER_URL, CHAT_URL, GROUP_WAIT}) {
      if (!shipped.contains(expected)) {
        throw new IllegalStateException(
            FILE + " no longer contains " + expected + ": adapt this class");
      }
    }
    String config =
        shipped
            .replace(PAGER_URL, webhookUrl)
            .replace(CHAT_URL, webhookUrl)
            .replace(GROUP_WAIT, "group_wait: " + groupWait.toSeconds() + "s");
    Path file = dir.resolve("alertmanager.yml");
    Files.writeString(file, config);
    return file;
  }
}
