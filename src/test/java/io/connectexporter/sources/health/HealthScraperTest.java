package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.HttpSettings;
import io.connectexporter.discovery.Worker;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.ScrapeException;
import io.connectexporter.testcluster.Ports;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scraper over real HTTP, replaying answers captured from a real 4.3.1 worker. */
class HealthScraperTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
  private static final int CAP = 4096;

  private LocalHttpServer server;
  private HttpGetter http;
  private HealthScraper scraper;

  @BeforeEach
  void start() throws Exception {
    server = new LocalHttpServer();
    http =
        new HttpGetter(
            new HttpSettings(Duration.ofSeconds(1), REQUEST_TIMEOUT, null, null, true, CAP), 2);
    scraper = new HealthScraper(http);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    server.close();
  }

  private void serve(String kind, long delayMillis) {
    Fixtures.HealthAnswer a = Fixtures.health("4.3.1", kind);
    server.on("/health", new LocalHttpServer.Answer(a.httpStatus(), a.body(), delayMillis));
  }

  private WorkerHealth poll(Duration readTimeout) throws ScrapeException {
    return scraper.poll(URI.create(server.url()), readTimeout, Cancellation.none());
  }

  @Test
  void aStartingWorkers503IsReadAndClassifiedAfterConnectsWaitEvenPastTheRequestTimeout()
      throws Exception {
    // Connect answers "starting" only after its own wait: the health read timeout may exceed the
    // configured request timeout.
    serve("starting", REQUEST_TIMEOUT.toMillis() + 500);
    WorkerHealth health = poll(Duration.ofSeconds(5));
    assertEquals(WorkerHealth.Status.STARTING, health.status());
    assertEquals(503, health.httpStatus());
  }

  @Test
  void anUnhealthyWorkers500IsReadAndClassified() throws Exception {
    serve("unhealthy", 0);
    assertEquals(WorkerHealth.Status.UNHEALTHY, poll(Duration.ofSeconds(5)).status());
  }

  @Test
  void aHealthyWorker() throws Exception {
    serve("healthy", 0);
    assertEquals(WorkerHealth.Status.HEALTHY, poll(Duration.ofSeconds(5)).status());
  }

  @Test
  void noAnswerWithinTheReadTimeoutIsATimeout() {
    serve("starting", 2000);
    ScrapeException e = assertThrows(ScrapeException.class, () -> poll(Duration.ofMillis(300)));
    assertEquals("timeout", e.reason());
  }

  @Test
  void aWorkerNotListeningIsRefused() {
    int closed = Ports.free();
    ScrapeException e =
        assertThrows(
            ScrapeException.class,
            () ->
                scraper.poll(
                    URI.create("http://127.0.0.1:" + closed),
                    Duration.ofSeconds(1),
                    Cancellation.none()));
    assertEquals("refused", e.reason());
  }

  @Test
  void anAnswerPastTheCapIsTooLarge() {
    server.on("/health", new LocalHttpServer.Answer(503, new byte[CAP + 1], 0));
    ScrapeException e = assertThrows(ScrapeException.class, () -> poll(Duration.ofSeconds(5)));
    assertEquals("too_large", e.reason());
  }

  // ---------------------------------------------------------------- the poll's checks
  // (HealthChecks)

  private HealthReading check(HealthChecks checks) throws ScrapeException {
    return checks.scrape(new Worker("w:1", URI.create(server.url()), null), Cancellation.none());
  }

  @Test
  void aPollWaitsBrieflyThenReportsWaitingAndALaterPollCollectsConnectsAnswer() throws Exception {
    serve("starting", HealthChecks.WAIT.toMillis() + 1500);
    HealthChecks checks = new HealthChecks(scraper, HealthChecks.WAIT);
    long start = System.nanoTime();
    HealthReading first = check(checks);
    assertTrue(
        (System.nanoTime() - start) / 1e9 < HealthChecks.WAIT.toSeconds() + 1.0,
        "the poll is not held");
    assertEquals(WorkerHealth.Status.WAITING, first.health().status(), first.toString());
    Thread.sleep(2000);
    HealthReading second = check(checks);
    assertEquals(
        WorkerHealth.Status.STARTING, second.health().status(), "the first check's answer");
    // the next check is slow again: the last finished answer (not healthy) is repeated, not
    // "waiting"
    assertEquals(WorkerHealth.Status.STARTING, check(checks).health().status());
  }

  @Test
  void aHealthyWorkerIsHealthyInTheSamePoll() throws Exception {
    serve("healthy", 0);
    assertEquals(
        WorkerHealth.Status.HEALTHY,
        check(new HealthChecks(scraper, HealthChecks.WAIT)).health().status());
  }

  @Test
  void aWorkerThatDoesNotAnswerFailsThePollsScrapeWithItsReason() throws Exception {
    HealthChecks checks = new HealthChecks(scraper, HealthChecks.WAIT);
    URI gone = URI.create(server.url());
    server.close();
    ScrapeException e =
        assertThrows(
            ScrapeException.class,
            () -> checks.scrape(new Worker("w:1", gone, null), Cancellation.none()));
    assertEquals("refused", e.reason());
  }
}
