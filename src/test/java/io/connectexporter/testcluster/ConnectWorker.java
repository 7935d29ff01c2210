package io.connectexporter.testcluster;

import java.nio.file.Path;
import java.time.Duration;

/** One Connect worker JVM of a {@link ConnectCluster}; keeps its ports across restarts. */
public final class ConnectWorker {

  private final ConnectCluster cluster;
  private final int index;

  /** "http", or "https" for a secured cluster: of both the REST listener and the Jolokia agent. */
  private final String scheme;

  private final int restPort;
  private final int jolokiaPort;
  private final int jmxPort;
  private final ChildJvm jvm;
  private volatile boolean frozen;

  ConnectWorker(
      ConnectCluster cluster,
      int index,
      String scheme,
      int restPort,
      int jolokiaPort,
      int jmxPort,
      ChildJvm jvm) {
    this.cluster = cluster;
    this.index = index;
    this.scheme = scheme;
    this.restPort = restPort;
    this.jolokiaPort = jolokiaPort;
    this.jmxPort = jmxPort;
    this.jvm = jvm;
  }

  public int index() {
    return index;
  }

  public String name() {
    return jvm.name();
  }

  /** e.g. {@code http://127.0.0.1:8083} ({@code https://} for a secured cluster) */
  public String restUrl() {
    return scheme + "://127.0.0.1:" + restPort;
  }

  public int restPort() {
    return restPort;
  }

  /** e.g. {@code http://127.0.0.1:8778/jolokia} */
  public String jolokiaUrl() {
    return scheme + "://127.0.0.1:" + jolokiaPort + "/jolokia";
  }

  public int jolokiaPort() {
    return jolokiaPort;
  }

  /** Exactly what Connect reports as {@code worker_id}: {@code 127.0.0.1:<rest port>}. */
  public String workerId() {
    return "127.0.0.1:" + restPort;
  }

  /** The remote JMX port, or -1 without {@code jmxRemote(true)}. */
  public int jmxPort() {
    return jmxPort;
  }

  /** {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:P/jmxrmi}, or null without remote JMX. */
  public String jmxServiceUrl() {
    return jmxPort < 0 ? null : "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi";
  }

  public long pid() {
    return jvm.pid();
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  public Path logFile() {
    return jvm.logFile();
  }

  /** A REST client talking to this worker only. */
  public ConnectorAdmin admin() {
    return cluster.admin(this::restUrl);
  }

  /** SIGTERM and wait (SIGKILL after 60 s). */
  public void stop() {
    jvm.stop(Duration.ofSeconds(60));
  }

  /** SIGKILL and wait. */
  public void kill() {
    jvm.kill();
  }

  /**
   * SIGSTOP to this worker's own JVM (by its pid): it keeps its sockets open, so connections are
   * accepted by the kernel but nothing answers (a hung worker, unlike a dead one). Always {@link
   * #thaw()} in a finally; {@link ConnectCluster#close()} thaws frozen workers first.
   */
  public void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** SIGCONT to this worker's JVM; harmless when it is not frozen. */
  public void thaw() {
    if (jvm.isAlive()) {
      signal("CONT");
    }
    frozen = false;
  }

  public boolean isFrozen() {
    return frozen;
  }

  private void signal(String signal) {
    long pid = jvm.pid();
    if (pid <= 0 || !jvm.isAlive()) {
      throw new IllegalStateException(name() + " is not running: cannot send SIG" + signal);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String out =
          new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out.strip());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the worker again on the same ports and waits until REST and Jolokia answer. */
  public void start() {
    jvm.start();
    cluster.recordPids();
    cluster.awaitWorkerReady(this);
  }

  ChildJvm jvm() {
    return jvm;
  }

  @Override
  public String toString() {
    return "worker " + workerId() + " (" + jvm + ")";
  }
}
