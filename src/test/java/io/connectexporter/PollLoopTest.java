package io.connectexporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.PollHealth;
import io.connectexporter.metrics.SnapshotStore;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.state.LatestPolls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A cluster's poll loop never stops, and a poll that fails publishes nothing and is counted. */
class PollLoopTest {

  private final SnapshotStore store = new SnapshotStore(Set.of("c"));
  private final LatestPolls latest = new LatestPolls();
  private final long[] now = {1_000_000};
  private final PollHealth health =
      new PollHealth(Set.of("c"), Duration.ofSeconds(1), 3, () -> now[0]);

  private PollLoop loop(int maxSeries, Supplier<ClusterSnapshot> poll) {
    ClusterConfig config =
        new ClusterConfig(
            "c",
            List.of("rest", "jolokia"),
            List.of(java.net.URI.create("http://x:8083")),
            null,
            null,
            List.of(),
            null,
            maxSeries,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF);
    return new PollLoop(
        config, poll, FirstPoll.normalizer(false), store, health, latest, PollLoop.AfterPoll.NONE);
  }

  private static ClusterSnapshot snapshot() {
    ClusterSnapshot s = Fixtures.snapshot("4.3.1");
    return new ClusterSnapshot(
        "c",
        s.completedAtMillis(),
        s.pollDurationSeconds(),
        s.pollCount(),
        s.rest(),
        s.results(),
        s.targets());
  }

  @Test
  void aScheduledLoopKeepsRunningAfterExceptionsAndErrors() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    PollLoop loop =
        loop(
            1_000_000,
            () -> {
              int n = calls.incrementAndGet();
              if (n % 3 == 1) {
                throw new IllegalStateException("a bug");
              }
              if (n % 3 == 2) {
                throw new StackOverflowError(); // an Error: it used to end the scheduled task for
                // good
              }
              return snapshot();
            });
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      executor.scheduleAtFixedRate(loop::pollOnce, 0, 5, TimeUnit.MILLISECONDS);
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (calls.get() < 9 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
    assertTrue(calls.get() >= 9, "the loop went on after failing, " + calls.get() + " polls");
    long failures = health.failures().get("c").get("internal_error");
    assertTrue(failures >= 6, "every failed poll is counted: " + failures);
    assertTrue(store.ready(), "the polls that worked were published");
  }

  @Test
  void pastMaxSeriesThePollIsDroppedAndThePreviousSnapshotStays() {
    loop(1_000_000, PollLoopTest::snapshot).pollOnce();
    int published = store.seriesByCluster().get("c");
    byte[] served = store.rendered().gzippedText();
    assertTrue(published > 100, published + " series");

    loop(published - 1, PollLoopTest::snapshot).pollOnce();

    assertEquals(
        Map.of("c", Map.of("too_many_series", 1L, "internal_error", 0L)), health.failures());
    assertEquals(
        published, store.seriesByCluster().get("c"), "the previous snapshot is still served");
    assertTrue(served == store.rendered().gzippedText(), "nothing was re-published");
  }

  @Test
  void healthFailsOnlyAfterTheAllowedNumberOfMissedPolls() {
    assertEquals(Set.of(), health.stalled(), "a new exporter is given time for its first poll");
    now[0] += 3_001;
    assertEquals(Set.of("c"), health.stalled(), "no poll completed for 3 intervals");
    health.completed("c", now[0]);
    assertEquals(Set.of(), health.stalled());
    now[0] += 2_000;
    health.failed("c", "too_many_series");
    assertEquals(Set.of(), health.stalled(), "two failed polls are not yet unhealthy");
    now[0] += 1_500;
    assertEquals(Set.of("c"), health.stalled());
  }
}
