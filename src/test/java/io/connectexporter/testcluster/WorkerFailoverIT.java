package io.connectexporter.testcluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that goes away (SIGTERM, SIGKILL): its tasks move to the other worker; started again on
 * the same ports, it rejoins and gets work back. Leaves the shared cluster as it found it. Kafka
 * 4.3.1 only: it checks the test cluster's own failover, and the legacy pass must stay short.
 */
class WorkerFailoverIT extends ItSupport {

  private static final int TASKS = 4;

  @AfterEach
  void cleanUp() {
    for (ConnectWorker w : cluster().workers()) {
      if (!w.isAlive()) {
        w.start();
      }
    }
    deleteCreated();
  }

  @Test
  void gracefullyStoppedWorkersTasksMoveAndComeBack() {
    failover(false);
  }

  @Test
  void killedWorkersTasksMoveAndComeBack() {
    failover(true);
  }

  private void failover(boolean kill) {
    ConnectCluster cluster = cluster();
    String name = unique(kill ? "failover-kill" : "failover-stop");
    create(name, TestConnectors.rateSource(unique("topic"), 2, TASKS));
    JsonNode status = admin().awaitTasksRunning(name, TASKS, TIMEOUT);

    // the victim: a worker that runs at least one task of ours (the last one if both do)
    ConnectWorker victim = null;
    for (ConnectWorker w : cluster.workers()) {
      if (workersOf(status).contains(w.workerId())) {
        victim = w;
      }
    }
    assertTrue(victim != null, "no worker runs a task: " + status);
    final ConnectWorker gone = victim;
    ConnectWorker survivor =
        cluster.workers().stream().filter(w -> w != gone).findFirst().orElseThrow();
    long pid = gone.pid();
    if (kill) {
      gone.kill();
    } else {
      gone.stop();
    }
    assertFalse(gone.isAlive());
    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "pid " + pid + " still alive");

    // every task RUNNING again, none on the dead worker (session timeout +
    // scheduled.rebalance.max.delay.ms)
    JsonNode moved =
        admin()
            .awaitStatus(
                name,
                "all tasks RUNNING on live workers",
                Duration.ofSeconds(120),
                s -> {
                  if (s.path("tasks").size() != TASKS
                      || workersOf(s).contains(gone.workerId())
                      || gone.workerId().equals(s.path("connector").path("worker_id").asText())) {
                    return false;
                  }
                  for (JsonNode t : s.path("tasks")) {
                    if (!"RUNNING".equals(t.path("state").asText())) {
                      return false;
                    }
                  }
                  return true;
                });
    assertFalse(workersOf(moved).contains(gone.workerId()), moved.toString());
    assertTrue(survivor.isAlive());

    gone.start();
    assertTrue(gone.isAlive());
    // rejoined: the next rebalance hands it work again
    admin()
        .awaitStatus(
            name,
            "a task back on " + gone.workerId(),
            Duration.ofSeconds(120),
            s -> workersOf(s).contains(gone.workerId()));
    admin().awaitTasksRunning(name, TASKS, TIMEOUT);
  }

  private static Set<String> workersOf(JsonNode status) {
    Set<String> ids = new HashSet<>();
    status.path("tasks").forEach(t -> ids.add(t.path("worker_id").asText()));
    return ids;
  }
}
