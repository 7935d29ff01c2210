package io.connectexporter.control;

/**
 * A request to a Connect cluster that did not do what was asked, sorted into the few cases a caller
 * acts on differently. The message is one line, names the cluster and connector, and never holds a
 * connector's configuration (values of a configuration we sent are masked out of Connect's
 * message).
 */
public final class ConnectRequestException extends Exception {

  /** Why the request failed. */
  public enum Failure {
    /**
     * No worker could be reached or none answered in time (refused, timeout, unknown host, TLS).
     */
    UNREACHABLE,
    /** An answer we cannot read (not JSON, larger than {@code max-response-size}). */
    BAD_ANSWER,
    /** 404: no such connector (or, on an old worker, no such endpoint). */
    NOT_FOUND,
    /** 409: a rebalance or a concurrent change is in progress; the same request may work later. */
    CONFLICT,
    /** 401 or 403: credentials missing, wrong, or not allowed to do this. */
    UNAUTHORIZED,
    /** Any other 4xx: Connect refused the request (an invalid connector config is a 400). */
    REJECTED,
    /** 5xx. */
    SERVER_ERROR
  }

  private final Failure failure;
  private final int httpStatus;

  public ConnectRequestException(Failure failure, int httpStatus, String message) {
    super(message);
    this.failure = failure;
    this.httpStatus = httpStatus;
  }

  public Failure failure() {
    return failure;
  }

  /** The HTTP status Connect answered, or 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  static Failure ofStatus(int status) {
    return switch (status) {
      case 404 -> Failure.NOT_FOUND;
      case 409 -> Failure.CONFLICT;
      case 401, 403 -> Failure.UNAUTHORIZED;
      default -> status >= 500 ? Failure.SERVER_ERROR : Failure.REJECTED;
    };
  }
}
