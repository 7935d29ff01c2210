package io.connectexporter.cli;

import io.connectexporter.control.ConnectRequestException;

/**
 * Exit codes of the commands (README "Commands" lists them). 0–3 are those of a Nagios-style check;
 * the others follow sysexits.h where one fits.
 */
public final class ExitCode {

  /** Done; for {@code check}: every connector and task RUNNING, PAUSED or STOPPED. */
  public static final int OK = 0;

  /**
   * {@code check}: something UNASSIGNED or RESTARTING (or in a state this version does not know).
   */
  public static final int WARNING = 1;

  /** {@code check}: a connector or task FAILED. */
  public static final int FAILED = 2;

  /** A cluster could not be reached or read. */
  public static final int UNREACHABLE = 3;

  /** No such connector (HTTP 404) on any selected cluster. */
  public static final int NOT_FOUND = 4;

  /** Connect refused the request (HTTP 400 such as an invalid config, another 4xx, or a 5xx). */
  public static final int REJECTED = 5;

  /** HTTP 401 or 403: check rest.auth in the config file. */
  public static final int UNAUTHORIZED = 6;

  /** Bad arguments (EX_USAGE). */
  public static final int USAGE = 64;

  /** {@code apply}: the connector file cannot be read or is not a connector config (EX_DATAERR). */
  public static final int BAD_INPUT = 65;

  /**
   * HTTP 409: a rebalance or another change is in progress; run the command again (EX_TEMPFAIL).
   */
  public static final int RETRY = 75;

  /** The config file is missing or invalid (EX_CONFIG). */
  public static final int BAD_CONFIG = 78;

  private ExitCode() {}

  public static int of(ConnectRequestException e) {
    return switch (e.failure()) {
      case UNREACHABLE, BAD_ANSWER -> UNREACHABLE;
      case NOT_FOUND -> NOT_FOUND;
      case CONFLICT -> RETRY;
      case UNAUTHORIZED -> UNAUTHORIZED;
      case REJECTED, SERVER_ERROR -> REJECTED;
    };
  }
}
