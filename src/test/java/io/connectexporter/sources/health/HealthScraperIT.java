package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.HttpSettings;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.ItSupport;
import io.connectexporter.testcluster.TestConnectors;
import io.connectexporter.testcluster.WorkerHeldStarting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health} of real workers through the scraper: the shared cluster's running workers are
 * healthy; a worker held in start-up (an open transaction on its config topic, see
 * {@link WorkerHeldStarting}) is STARTING from its first answer on (never UNSUPPORTED, never down
 * once it answers), then HEALTHY once released, then UNHEALTHY while a connector's task planning
 * blocks its herder thread.
 */
@Tag("both-kafka-versions")
class HealthScraperIT extends ItSupport {

  /** Above Connect's own 10 s wait, so that its 503 and 500 answers arrive. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private static HttpGetter http;
  private static HealthScraper scraper;

  @BeforeAll
  static void client() {
    http = new HttpGetter(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), null, null, true,
        1 << 20), 4);
    scraper = new HealthScraper(http);
  }

  @AfterAll
  static void close() throws Exception {
    http.close();
  }

  private static URI base(ConnectWorker worker) {
    return HealthScraper.workerBase(URI.create(worker.restUrl()), worker.workerId());
  }

  @Test
  void theSharedClustersRunningWorkersAreHealthy() throws Exception {
    for (ConnectWorker worker : cluster().workers()) {
      WorkerHealth health = scraper.poll(base(worker), READ_TIMEOUT, Cancellation.none());
      assertEquals(WorkerHealth.Status.HEALTHY, health.status(), worker + ": " + health);
      assertEquals(200, health.httpStatus());
    }
  }

  @Test
  void aWorkerStartingUpIsStartingThenHealthyThenUnhealthyWhileItsHerderIsBlocked() throws Exception {
    try (WorkerHeldStarting held = WorkerHeldStarting.start(cluster(), unique("health-it"))) {
      URI base = base(held.worker());

      List<WorkerHealth> beforeRelease = new ArrayList<>();
      WorkerHealth starting = await(base, h -> h.httpStatus() == 503, beforeRelease);
      assertEquals(WorkerHealth.Status.STARTING, starting.status(), starting.toString());
      assertTrue(starting.message().contains("initializing and reading to the end of internal topics"),
          starting.message());
      // Its REST server answers a 404 before Connect's API is registered: starting too, never unsupported.
      beforeRelease.forEach(h -> assertEquals(WorkerHealth.Status.STARTING, h.status(), beforeRelease.toString()));
      System.err.println("[health-it] answers before the 503: " + beforeRelease);

      // With a read timeout under Connect's 10 s wait, a starting worker gives no answer.
      ScrapeException early = assertThrows(ScrapeException.class,
          () -> scraper.poll(base, Duration.ofSeconds(2), Cancellation.none()));
      assertEquals("timeout", early.reason());

      held.release();
      WorkerHealth healthy = await(base, h -> h.httpStatus() != 503 && h.httpStatus() != 404, new ArrayList<>());
      assertEquals(WorkerHealth.Status.HEALTHY, healthy.status(), healthy.toString());

      String connector = unique("slow-task-planning");
      // Its task planning blocks the herder thread for 20 s, from just after the create call returns:
      // the next check waits Connect's 10 s and is answered "unhealthy".
      held.worker().admin().create(connector, TestConnectors.slowTaskConfigsSource(unique("topic"), 20_000));
      WorkerHealth unhealthy = await(base, h -> h.status() != WorkerHealth.Status.HEALTHY, new ArrayList<>());
      assertEquals(WorkerHealth.Status.UNHEALTHY, unhealthy.status(), unhealthy.toString());
      assertEquals(500, unhealthy.httpStatus());
      assertTrue(unhealthy.message().contains("generating task configs for connector " + connector),
          unhealthy.message());
    }
  }

  /**
   * Asks until an answer matches (skipping refused connections while the JVM starts); every answer
   * before it is added to {@code before}.
   */
  private static WorkerHealth await(URI base, Predicate<WorkerHealth> done, List<WorkerHealth> before)
      throws ScrapeException, InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT).plus(TIMEOUT);
    ScrapeException last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        WorkerHealth h = scraper.poll(base, READ_TIMEOUT, Cancellation.none());
        if (done.test(h)) {
          return h;
        }
        before.add(h);
      } catch (ScrapeException e) {
        if (!"refused".equals(e.reason())) {
          throw e;
        }
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no matching health answer from " + base + "; seen " + before + ", last error " + last);
  }
}
