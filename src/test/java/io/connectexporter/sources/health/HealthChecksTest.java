package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.HttpSettings;
import io.connectexporter.discovery.Worker;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.LocalHttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A check Connect holds (as it does for up to 10 s when a worker is not healthy) never holds the
 * poll, its answer arrives at a later poll, and the checks end with the exporter.
 */
class HealthChecksTest {

  private static final Duration WAIT = Duration.ofMillis(200);
  private static final long HELD_MILLIS = 1500;

  private LocalHttpServer server;
  private HttpGetter http;
  private HealthChecks checks;
  private Worker worker;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    Fixtures.HealthAnswer starting = Fixtures.health("4.3.1", "starting");
    server.on(
        "/health", new LocalHttpServer.Answer(starting.httpStatus(), starting.body(), HELD_MILLIS));
    http =
        new HttpGetter(
            new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, true, 4096),
            2);
    checks = new HealthChecks(new HealthScraper(http), WAIT);
    String hostPort = URI.create(server.url()).getAuthority();
    worker = new Worker(hostPort, URI.create(server.url()), null);
  }

  @AfterEach
  void stop() throws Exception {
    checks.close();
    http.close();
    server.close();
  }

  @Test
  void aHeldCheckIsWaitingThenTheNextPollCollectsConnectsAnswer() throws Exception {
    long t0 = System.nanoTime();
    HealthReading first = checks.scrape(worker, Cancellation.none());
    long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(WorkerHealth.Status.WAITING, first.health().status());
    assertTrue(waitedMillis < HELD_MILLIS, "the poll waited " + waitedMillis + " ms");

    Thread.sleep(HELD_MILLIS + 300);
    HealthReading second = checks.scrape(worker, Cancellation.none());
    assertEquals(WorkerHealth.Status.STARTING, second.health().status());
    assertEquals(1, server.requests(), "the second poll collected the first check's answer");
  }

  @Test
  void closingEndsTheCheckStillWaitingOnConnect() throws Exception {
    // Other tests in this JVM may have check threads of their own: only this test's count.
    Set<Thread> before = checkThreads();
    assertEquals(
        WorkerHealth.Status.WAITING, checks.scrape(worker, Cancellation.none()).health().status());
    Set<Thread> ours = checkThreads();
    ours.removeAll(before);
    assertEquals(1, ours.size(), "one check thread waits on the held answer");
    checks.close();
    Thread thread = ours.iterator().next();
    thread.join(Duration.ofSeconds(5).toMillis());
    assertFalse(thread.isAlive(), "the check thread is gone after close");
  }

  private static Set<Thread> checkThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("health-check") && t.isAlive())
        .collect(Collectors.toCollection(HashSet::new));
  }
}
