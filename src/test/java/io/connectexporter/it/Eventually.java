package io.connectexporter.it;

import java.time.Duration;
import java.util.Optional;

/**
 * Polls a check once a second until it yields a value; on timeout fails with the logs that explain
 * why.
 */
public final class Eventually {

  /** One look at the system under test: empty while the awaited thing has not happened yet. */
  public interface Check<T> {
    Optional<T> get() throws Exception;
  }

  /** What to show when the wait times out, e.g. the logs of the servers involved. */
  public interface Diagnostics {
    String get() throws Exception;
  }

  private Eventually() {}

  public static <T> T await(String what, Duration wait, Check<T> check, Diagnostics diagnostics)
      throws Exception {
    long end = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < end) {
      Optional<T> v = check.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("timed out after " + wait + ": " + what + "\n" + diagnostics.get());
  }
}
