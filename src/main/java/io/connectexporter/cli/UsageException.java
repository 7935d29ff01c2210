package io.connectexporter.cli;

/** Arguments a command cannot run with; the message says which and why (exit code 64). */
public final class UsageException extends Exception {

  public UsageException(String message) {
    super(message);
  }
}
