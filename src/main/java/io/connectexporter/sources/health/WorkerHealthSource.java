package io.connectexporter.sources.health;

import static io.connectexporter.metrics.MetricKind.GAUGE;

import io.connectexporter.metrics.MetricKind;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.SourceContext;
import io.connectexporter.sources.WorkerSource;
import java.time.Duration;
import java.util.List;

/**
 * Every worker's {@code GET /health} (Connect 3.9+, KIP-1017): whether its herder thread, which
 * runs rebalances and connector management, takes requests. Says nothing of connector or task
 * states. A worker older than 3.9 is {@code unsupported}, not down; a check that got no answer is
 * the target's failure, never a 0.
 */
public final class WorkerHealthSource implements WorkerSource<HealthReading> {

  public static final String NAME = "health";

  public static final MetricSpec HEALTHY =
      spec(
          "kafka_connect_worker_healthy",
          GAUGE,
          "1 if the worker's GET /health answered healthy, 0 if starting, unhealthy, waiting (no answer yet: not "
              + "healthy) or unknown; absent for a worker without the endpoint (Connect before 3.9).",
          "cluster",
          "worker");
  public static final MetricSpec STATUS =
      spec(
          "kafka_connect_worker_health_status",
          GAUGE,
          "The worker's health by GET /health: one series per status (healthy, starting, unhealthy, waiting, "
              + "unsupported, unknown), 1 for the current one.",
          "cluster",
          "worker",
          "status");

  private static final List<WorkerHealth.Status> STATUSES = List.of(WorkerHealth.Status.values());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<HealthReading> resultType() {
    return HealthReading.class;
  }

  @Override
  public List<MetricSpec> metrics() {
    return List.of(HEALTHY, STATUS);
  }

  @Override
  public Scraper<HealthReading> scraper(SourceContext context) {
    // Never the whole poll: what is left of it after the wait is for the other targets' answers.
    Duration half = context.pollDeadline().dividedBy(2);
    return new HealthChecks(
        new HealthScraper(context.rest()),
        half.compareTo(HealthChecks.WAIT) < 0 ? half : HealthChecks.WAIT);
  }

  @Override
  public void normalize(HealthReading r, PollView poll, SeriesSet out) {
    WorkerHealth.Status status = r.health().status();
    if (status != WorkerHealth.Status.UNSUPPORTED) {
      out.add(HEALTHY, r.health().healthy() ? 1 : 0, poll.cluster(), r.workerId());
    }
    for (WorkerHealth.Status s : STATUSES) {
      if (s == status || poll.selection().everyState()) {
        out.add(STATUS, s == status ? 1 : 0, poll.cluster(), r.workerId(), s.label());
      }
    }
  }

  private static MetricSpec spec(String name, MetricKind kind, String help, String... labels) {
    return new MetricSpec(
        name, kind, help, List.of(labels), "REST GET /health of each worker", false);
  }
}
