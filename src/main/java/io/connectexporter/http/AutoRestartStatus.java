package io.connectexporter.http;

import java.util.List;

/**
 * What the status page says about auto-restart for one cluster: whether it is on, a one-line
 * summary ("on", "dry-run", "off"), what it has given up on, and its recent actions (newest first),
 * each a line of plain text (escaped when shown).
 */
public record AutoRestartStatus(
    boolean enabled, String summary, List<String> givenUp, List<String> recentActions) {

  /** Auto-restart is not configured for the cluster: the page says "off" and shows no activity. */
  public static final AutoRestartStatus OFF =
      new AutoRestartStatus(false, "off", List.of(), List.of());

  public AutoRestartStatus {
    givenUp = List.copyOf(givenUp);
    recentActions = List.copyOf(recentActions);
  }
}
