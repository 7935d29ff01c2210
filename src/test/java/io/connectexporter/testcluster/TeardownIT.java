package io.connectexporter.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process outlives its owner: the watchdog ends a child when its stdin closes or its parent is
 * SIGKILLed, and {@link ConnectCluster#close()} ends every process it started.
 */
class TeardownIT {

  /** A child main that only sleeps: ended by its watchdog. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /**
   * A child main that starts a watchdog-wrapped Sleeper, writes its pid to args[0], then sleeps.
   */
  public static final class Launcher {
    public static void main(String[] args) throws Exception {
      Path pidFile = Path.of(args[0]);
      ChildJvm child = sleeper(pidFile.resolveSibling("grandchild.log"));
      child.start();
      Files.writeString(pidFile.resolveSibling("pid.tmp"), String.valueOf(child.pid()));
      Files.move(pidFile.resolveSibling("pid.tmp"), pidFile);
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  static ChildJvm sleeper(Path log) {
    return child(Sleeper.class, List.of(), log);
  }

  static ChildJvm child(Class<?> main, List<String> args, Path log) {
    try {
      String testClasses =
          Path.of(TeardownIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      Path clusterDir =
          Path.of(System.getProperty("cluster.dir", "target/cluster")).toAbsolutePath();
      List<String> cp =
          List.of(testClasses, clusterDir.resolve("watchdog/watchdog-watchdog.jar").toString());
      return new ChildJvm(
          main.getSimpleName(),
          cp,
          List.of("-Xmx32m", "-Dcluster.dir=" + clusterDir),
          main.getName(),
          args,
          log);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void childEndsWhenItsStdinCloses(@TempDir Path dir) throws Exception {
    ChildJvm child = sleeper(dir.resolve("child.log"));
    child.start();
    try {
      ConnectorAdmin.sleep(500);
      assertTrue(child.isAlive(), child.tail(20));
      child.closeStdin();
      awaitGone(child.pid(), Duration.ofSeconds(20));
      assertTrue(
          Files.readString(dir.resolve("child.log")).contains("stdin closed"), child.tail(20));
    } finally {
      child.kill();
    }
  }

  @Test
  void grandchildEndsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    ChildJvm parent =
        child(Launcher.class, List.of(pidFile.toString()), dir.resolve("launcher.log"));
    parent.start();
    long grandchild = -1;
    try {
      Instant deadline = Instant.now().plusSeconds(30);
      while (!Files.exists(pidFile)) {
        assertTrue(parent.isAlive(), parent.tail(30));
        assertTrue(Instant.now().isBefore(deadline), "launcher wrote no pid\n" + parent.tail(30));
        ConnectorAdmin.sleep(100);
      }
      grandchild = Long.parseLong(Files.readString(pidFile).trim());
      assertTrue(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false));
      parent.kill(); // SIGKILL: no shutdown hook runs in the parent
      awaitGone(grandchild, Duration.ofSeconds(20));
    } finally {
      parent.kill();
      if (grandchild > 0) {
        ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void clusterCloseStopsEveryProcessAndRemoteJmxWorks() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (ConnectCluster cluster = ConnectCluster.builder().workers(1).jmxRemote(true).build()) {
      ConnectWorker worker = cluster.workers().get(0);
      assertTrue(worker.jmxPort() > 0);
      try (JMXConnector jmx =
          JMXConnectorFactory.connect(new JMXServiceURL(worker.jmxServiceUrl()))) {
        assertFalse(
            jmx.getMBeanServerConnection()
                .queryNames(new ObjectName("kafka.connect:type=connect-worker-metrics,*"), null)
                .isEmpty());
      }
      pids.addAll(cluster.pids());
      assertEquals(2, pids.size(), "broker + 1 worker: " + pids);
      String recorded = Files.readString(cluster.runDir().resolve("pids"));
      for (long pid : pids) {
        assertTrue(recorded.contains(" " + pid + "\n"), recorded);
      }
    }
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "pid " + pid + " outlived close()");
    }
  }

  private static void awaitGone(long pid, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      assertTrue(Instant.now().isBefore(deadline), "pid " + pid + " still alive after " + timeout);
      ConnectorAdmin.sleep(100);
    }
  }
}
