package io.connectexporter.testcluster.watchdog;

/**
 * A main that does nothing until the JVM is stopped: the program of a child JVM that only hosts a
 * Java agent (e.g. a Jolokia agent with a certificate of its own).
 */
public final class Idle {

  private Idle() {}

  public static void main(String[] args) throws InterruptedException {
    while (true) {
      Thread.sleep(60_000);
    }
  }
}
