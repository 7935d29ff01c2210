package io.connectexporter.sources.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.LocalHttpServer.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestScraperTest {

  private static final String EXPAND = "/connectors?expand=status&expand=info";
  private static final HttpSettings HTTP =
      new HttpSettings(Duration.ofMillis(500), Duration.ofMillis(700), null, null, true, 1 << 20);
  private HttpGetter getter;

  private RestScraper scraper(String... urls) {
    getter = new HttpGetter(HTTP, 4);
    ClusterConfig config =
        new ClusterConfig(
            "t",
            List.of("rest", "jolokia"),
            List.of(urls).stream().map(URI::create).toList(),
            HTTP,
            null,
            List.of(),
            HTTP,
            100_000,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF);
    return new RestScraper(config, getter);
  }

  @AfterEach
  void close() throws Exception {
    if (getter != null) {
      getter.close();
    }
  }

  private static LocalHttpServer realCluster() throws Exception {
    return new LocalHttpServer()
        .on("/", Answer.ok(Fixtures.bytes("4.3.1", "rest-root.json")))
        .on(EXPAND, Answer.ok(Fixtures.bytes("4.3.1", "rest-expanded.json")));
  }

  @Test
  void oneRequestPerPollOnceTheVersionIsKnown() throws Exception {
    try (LocalHttpServer server = realCluster()) {
      RestScraper scraper = scraper(server.url());
      RestScraper.Result first =
          scraper.poll(
              io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
      assertNull(first.error());
      assertEquals("4.3.1", first.snapshot().version());
      assertEquals(Fixtures.rest("4.3.1").connectors(), first.snapshot().connectors());
      int before = server.requests();
      scraper.poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
      assertEquals(1, server.requests() - before, "one expand call per poll");
    }
  }

  @Test
  void failsOverToTheNextUrlAndSticksToIt() throws Exception {
    try (LocalHttpServer down = new LocalHttpServer().on("/", new Answer(503, new byte[0], 0));
        LocalHttpServer up = realCluster()) {
      RestScraper scraper = scraper(down.url(), up.url());
      RestScraper.Result r =
          scraper.poll(
              io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
      assertNull(r.error());
      assertEquals(up.url(), r.url().toString());
      int downBefore = down.requests();
      scraper.poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
      assertEquals(downBefore, down.requests(), "the URL that answered is tried first next time");
    }
  }

  @Test
  void aUrlThatAcceptsButNeverAnswersLeavesTimeToFailOver() throws Exception {
    // A frozen worker (SIGSTOP) accepts connections and never answers: each URL gets a share.
    try (java.net.ServerSocket frozen =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        LocalHttpServer up = realCluster()) {
      HttpSettings patient =
          new HttpSettings(
              Duration.ofMillis(500), Duration.ofSeconds(30), null, null, true, 1 << 20);
      RestScraper scraper =
          new RestScraper(
              new ClusterConfig(
                  "t",
                  List.of("rest", "jolokia"),
                  List.of(
                      URI.create("http://127.0.0.1:" + frozen.getLocalPort()),
                      URI.create(up.url())),
                  patient,
                  null,
                  List.of(),
                  HTTP,
                  100_000,
                  MetricsSettings.DEFAULT,
                  AutoRestartSettings.OFF),
              getter = new HttpGetter(patient, 4));
      long start = System.nanoTime();
      RestScraper.Result r =
          scraper.poll(io.connectexporter.scrape.Cancellation.none(), Duration.ofSeconds(2));
      assertNull(r.error(), () -> r.error().getMessage());
      assertEquals(up.url(), r.url().toString());
      assertTrue(
          System.nanoTime() - start < Duration.ofMillis(2500).toNanos(),
          "failed over within the budget");
    }
  }

  @Test
  void errorsHaveAReasonAndNeverTheBody() throws Exception {
    try (LocalHttpServer server =
        new LocalHttpServer()
            .on("/", Answer.ok(Fixtures.bytes("4.3.1", "rest-root.json")))
            .on(EXPAND, new Answer(500, "{\"error\": \"password=hunter2\"}".getBytes(), 0))) {
      RestScraper.Result r =
          scraper(server.url())
              .poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
      assertEquals("http_500", r.error().reason());
      assertFalse(r.error().getMessage().contains("hunter2"));
      assertNull(r.snapshot());
    }
    try (LocalHttpServer server =
        new LocalHttpServer()
            .on("/", Answer.ok(Fixtures.bytes("4.3.1", "rest-root.json")))
            .on(EXPAND, Answer.ok("{\"c\": {\"status\": "))) {
      assertEquals(
          "unparsable",
          scraper(server.url())
              .poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5))
              .error()
              .reason());
    }
    try (LocalHttpServer server =
        new LocalHttpServer().on("/", new Answer(200, "{}".getBytes(), 2000))) {
      assertEquals(
          "timeout",
          scraper(server.url())
              .poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5))
              .error()
              .reason());
    }
    assertEquals(
        "refused",
        scraper("http://127.0.0.1:1")
            .poll(io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5))
            .error()
            .reason());
  }

  @Test
  void connectOlderThan23GetsPerConnectorCalls() throws Exception {
    // Before 2.3, ?expand is ignored and /connectors lists names only.
    try (LocalHttpServer server =
        new LocalHttpServer()
            .on(
                "/",
                Answer.ok("{\"version\":\"2.2.2\",\"commit\":\"abc\",\"kafka_cluster_id\":\"k\"}"))
            .on(EXPAND, Answer.ok("[\"a b\", \"gone\"]"))
            .on("/connectors", Answer.ok("[\"a b\", \"gone\"]"))
            .on(
                "/connectors/a%20b/status",
                Answer.ok(
                    """
            {"name":"a b","connector":{"state":"RUNNING","worker_id":"w:8083"},
             "tasks":[{"id":0,"state":"FAILED","worker_id":"w:8083","trace":"x.Boom: no"}]}"""))
            .on(
                "/connectors/a%20b",
                Answer.ok(
                    """
            {"name":"a b","config":{"connector.class":"x.Sink","tasks.max":"1","topics":"t"},"tasks":[]}"""))) {
      RestScraper scraper = scraper(server.url());
      for (int poll = 0; poll < 2; poll++) {
        RestScraper.Result r =
            scraper.poll(
                io.connectexporter.scrape.Cancellation.none(), java.time.Duration.ofSeconds(5));
        assertNull(r.error(), () -> r.error().getMessage());
        assertEquals(
            1, r.snapshot().connectors().size(), "a connector deleted meanwhile (404) is skipped");
        assertEquals("FAILED", r.snapshot().connectors().get(0).tasks().get(0).state());
        assertEquals("x.Sink", r.snapshot().connectors().get(0).className());
      }
      assertTrue(server.requests() > 4);
    }
  }
}
