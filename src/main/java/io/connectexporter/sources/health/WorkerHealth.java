package io.connectexporter.sources.health;

/**
 * What one worker's {@code GET /health} (Connect 3.9+, KIP-1017) answered.
 *
 * @param status the class of the answer
 * @param message Connect's own words, e.g. "Worker is still starting up. The worker is currently
 *     initializing and reading to the end of internal topics, which began at …" (may name a
 *     connector; never a config), cut to {@link #MAX_MESSAGE_LENGTH} characters; empty when there
 *     was none
 * @param httpStatus the HTTP status of the answer: 200, 503, 500 or 404
 */
public record WorkerHealth(Status status, String message, int httpStatus) {

  /** Enough for Connect's longest message (the unhealthy one with a stage and two timestamps). */
  public static final int MAX_MESSAGE_LENGTH = 500;

  /**
   * Connect's answers, by the {@code status} field of its body, plus a worker that has no such
   * endpoint.
   */
  public enum Status {
    /** 200 {@code healthy}: the herder thread took the check within Connect's 10 s. */
    HEALTHY("healthy"),
    /**
     * 503 {@code starting}: the herder thread has not finished starting (reading its internal
     * topics, first join).
     */
    STARTING("starting"),
    /**
     * 500 {@code unhealthy}: started, but its herder thread did not take the check within 10 s
     * (stuck or busy).
     */
    UNHEALTHY("unhealthy"),
    /** 404: a worker older than Connect 3.9, which has no health endpoint. Not a failure. */
    UNSUPPORTED("unsupported"),
    /** A health answer whose {@code status} we do not know (a later Connect). */
    UNKNOWN("unknown"),
    /**
     * No answer yet, the check still running after {@link HealthChecks#WAIT}: Connect answers a
     * healthy worker at once, so it is starting or unhealthy; which one it says within its 10 s.
     */
    WAITING("waiting");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The lower-case word used as a label value. */
    public String label() {
      return label;
    }
  }

  public WorkerHealth {
    if (status == null) {
      throw new IllegalArgumentException("status is required");
    }
    message = message == null ? "" : message;
  }

  public boolean healthy() {
    return status == Status.HEALTHY;
  }
}
