package io.connectexporter.cli;

/** How a state counts for {@code check}, and where {@code status} sorts it (worst first). */
public enum Health {
  /** RUNNING, and PAUSED or STOPPED: someone meant it. */
  OK,
  /**
   * UNASSIGNED, RESTARTING, or a state this version does not know: usually passes, worth a look.
   */
  WARNING,
  FAILED;

  public static Health of(String state) {
    return switch (state) {
      case "RUNNING", "PAUSED", "STOPPED" -> OK;
      case "FAILED" -> FAILED;
      default -> WARNING;
    };
  }

  public Health worst(Health other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
