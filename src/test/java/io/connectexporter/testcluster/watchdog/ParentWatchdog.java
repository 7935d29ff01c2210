package io.connectexporter.testcluster.watchdog;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM of the test cluster (broker, workers, storage tool).
 *
 * <p>{@code args[0]} is the real main class, the rest are its arguments. A daemon thread reads
 * {@code System.in} until end of file: the parent (test JVM) holds the other end of that pipe, so
 * when the parent dies for any reason, SIGKILL included, the pipe closes and this child exits
 * ({@code System.exit(0)}, which runs the real program's shutdown hooks; {@code Runtime.halt} if
 * that hangs for more than 15 s).
 *
 * <p>Kept alone in its package: the build jars this package onto the children's classpath.
 */
public final class ParentWatchdog {

  private static final long HALT_AFTER_MS = 15_000;

  private ParentWatchdog() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      System.err.println("usage: ParentWatchdog <main class> [args...]");
      System.exit(2);
    }
    Thread watcher = new Thread(ParentWatchdog::watchParent, "parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();

    Class<?> mainClass = Class.forName(args[0]);
    Method main = mainClass.getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watchParent() {
    InputStream in = System.in;
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // discard; only end of file matters
      }
    } catch (Throwable ignored) {
      // a broken pipe means the parent is gone as well
    }
    System.err.println("[parent-watchdog] stdin closed: the parent process is gone, exiting");
    Thread halter =
        new Thread(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MS);
              } catch (InterruptedException ignored) {
                // fall through
              }
              System.err.println(
                  "[parent-watchdog] exit hung for " + HALT_AFTER_MS + " ms, halting");
              Runtime.getRuntime().halt(1);
            },
            "parent-watchdog-halt");
    halter.setDaemon(true);
    halter.start();
    System.exit(0);
  }
}
