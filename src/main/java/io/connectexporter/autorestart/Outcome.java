package io.connectexporter.autorestart;

/** How one auto-restart action ended: the {@code result} label of its counter. */
public enum Outcome {
  /** Connect accepted the restart. */
  RESTARTED("restarted"),
  /**
   * Connect refused it or did not answer in time (counts as an attempt: a restart may still have
   * happened).
   */
  FAILED("failed"),
  /**
   * Dry run: the restart that would have been made (counts as an attempt, so the cadence shows).
   */
  DRY_RUN("dry_run"),
  /**
   * Not tried because the cluster was rebalancing (not an attempt: tried again at the next poll).
   */
  SKIPPED_REBALANCE("skipped_rebalance");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  boolean isAttempt() {
    return this != SKIPPED_REBALANCE;
  }
}
