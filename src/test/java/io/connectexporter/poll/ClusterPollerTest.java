package io.connectexporter.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.config.StaticEndpoint;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.TargetHealth;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.LocalHttpServer.Answer;
import io.connectexporter.sources.SourceContext;
import io.connectexporter.sources.Sources;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A whole poll over real HTTP: replayed captures, and a worker that hangs past the deadline. */
class ClusterPollerTest {

  private static final HttpSettings REST =
      new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), null, null, true, 1 << 20);
  private static final HttpSettings JOLOKIA =
      new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), null, null, false, 1 << 20);

  @Test
  void aHangingWorkerIsCutAtTheDeadlineAndTheOthersAreKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (LocalHttpServer rest =
            new LocalHttpServer()
                .on("/", Answer.ok(Fixtures.bytes("4.3.1", "rest-root.json")))
                .on(
                    "/connectors?expand=status&expand=info",
                    Answer.ok(Fixtures.bytes("4.3.1", "rest-expanded.json")));
        LocalHttpServer healthy =
            new LocalHttpServer()
                .on("/jolokia", Answer.ok(Fixtures.bytes("4.3.1", "jolokia-worker-1.json")));
        LocalHttpServer hanging =
            new LocalHttpServer()
                .on(
                    "/jolokia",
                    new Answer(200, Fixtures.bytes("4.3.1", "jolokia-worker-2.json"), 20_000));
        LocalHttpServer broken =
            new LocalHttpServer().on("/jolokia", Answer.ok("<html>oops</html>"));
        HttpGetter restHttp = new HttpGetter(REST, 4);
        HttpGetter jolokiaHttp = new HttpGetter(JOLOKIA, 8)) {
      ClusterConfig config =
          new ClusterConfig(
              "t",
              List.of("rest", "jolokia"),
              List.of(URI.create(rest.url())),
              REST,
              null,
              List.of(
                  new StaticEndpoint("connect-1:8083", URI.create(healthy.url() + "/jolokia")),
                  new StaticEndpoint("connect-2:8083", URI.create(hanging.url() + "/jolokia")),
                  new StaticEndpoint("connect-3:8083", URI.create(broken.url() + "/jolokia"))),
              JOLOKIA,
              100_000,
              MetricsSettings.DEFAULT,
              AutoRestartSettings.OFF);
      Duration deadline = Duration.ofSeconds(2);
      ClusterPoller poller = poller(config, pool, deadline, restHttp, jolokiaHttp);

      long start = System.nanoTime();
      ClusterSnapshot snapshot = poller.poll();
      double seconds = (System.nanoTime() - start) / 1e9;

      assertTrue(
          seconds < deadline.toSeconds() + 1.0, "poll bounded by the deadline, took " + seconds);
      assertEquals(1, snapshot.results("jolokia", WorkerJmx.class).size());
      assertEquals(
          "connect-1:8083", snapshot.results("jolokia", WorkerJmx.class).get(0).workerId());
      assertFalse(snapshot.results("jolokia", WorkerJmx.class).get(0).readings().isEmpty());
      assertEquals(Fixtures.rest("4.3.1").connectors(), snapshot.rest().connectors());

      TargetHealth slow = target(snapshot, "connect-2:8083");
      assertFalse(slow.up());
      assertEquals("timeout", slow.error());
      assertEquals(1L, slow.errorsByReason().get("timeout"));
      TargetHealth garbage = target(snapshot, "connect-3:8083");
      assertEquals("unparsable", garbage.error());
      assertTrue(target(snapshot, "connect-1:8083").up());

      ClusterSnapshot second = poller.poll();
      assertEquals(
          2L,
          target(second, "connect-2:8083").errorsByReason().get("timeout"),
          "errors accumulate");
      assertEquals(2, second.pollCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHangingRestApiIsCutAtHalfTheDeadlineAndTheWorkersAreStillRead() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (LocalHttpServer rest =
            new LocalHttpServer()
                .on("/", new Answer(200, Fixtures.bytes("4.3.1", "rest-root.json"), 30_000));
        LocalHttpServer worker =
            new LocalHttpServer()
                .on("/jolokia", Answer.ok(Fixtures.bytes("4.3.1", "jolokia-worker-1.json")));
        HttpGetter restHttp = new HttpGetter(REST, 4);
        HttpGetter jolokiaHttp = new HttpGetter(JOLOKIA, 8)) {
      ClusterConfig config =
          new ClusterConfig(
              "t",
              List.of("rest", "jolokia"),
              List.of(URI.create(rest.url())),
              REST,
              null,
              List.of(new StaticEndpoint("connect-1:8083", URI.create(worker.url() + "/jolokia"))),
              JOLOKIA,
              100_000,
              MetricsSettings.DEFAULT,
              AutoRestartSettings.OFF);
      Duration deadline = Duration.ofSeconds(2);
      ClusterPoller poller = poller(config, pool, deadline, restHttp, jolokiaHttp);

      long start = System.nanoTime();
      ClusterSnapshot snapshot = poller.poll();
      double seconds = (System.nanoTime() - start) / 1e9;

      assertTrue(
          seconds < deadline.toSeconds(), "REST got half the deadline, the poll took " + seconds);
      TargetHealth restHealth =
          snapshot.targets().stream()
              .filter(t -> t.source().equals("rest"))
              .findFirst()
              .orElseThrow();
      assertFalse(restHealth.up());
      assertEquals("timeout", restHealth.error());
      assertEquals(1L, restHealth.errorsByReason().get("timeout"));
      assertEquals(null, snapshot.rest());
      assertTrue(target(snapshot, "connect-1:8083").up(), "the worker's JMX is read all the same");
      assertFalse(snapshot.results("jolokia", WorkerJmx.class).get(0).readings().isEmpty());
    } finally {
      pool.shutdownNow();
    }
  }

  private static ClusterPoller poller(
      ClusterConfig config,
      ExecutorService pool,
      Duration deadline,
      HttpGetter rest,
      HttpGetter jolokia) {
    return new ClusterPoller(
        config,
        Sources.enabled(config),
        new SourceContext(
            config, rest, jolokia, new MetricSelection(MetricsSettings.DEFAULT, false), deadline),
        pool,
        deadline);
  }

  private static TargetHealth target(ClusterSnapshot s, String worker) {
    return s.targets().stream().filter(t -> t.workerId().equals(worker)).findFirst().orElseThrow();
  }
}
