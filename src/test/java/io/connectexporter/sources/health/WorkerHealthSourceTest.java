package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.TaskOwners;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a worker's health becomes series. */
class WorkerHealthSourceTest {

  private static SeriesSet normalize(WorkerHealth.Status status, MetricsSettings settings) {
    MetricSelection selection = new MetricSelection(settings, false);
    SeriesSet out = new SeriesSet(Integer.MAX_VALUE, selection);
    new WorkerHealthSource()
        .normalize(
            new HealthReading("w:1", new WorkerHealth(status, "", 503)),
            new PollView("c", null, TaskOwners.UNKNOWN, null, Map.of(), selection),
            out);
    return out;
  }

  @Test
  void healthyIsOneEveryNotHealthyClassIsZero() {
    assertEquals(
        Map.of(Labels.of("cluster", "c", "worker", "w:1"), 1.0),
        normalize(WorkerHealth.Status.HEALTHY, MetricsSettings.DEFAULT)
            .get(WorkerHealthSource.HEALTHY));
    for (WorkerHealth.Status s :
        List.of(
            WorkerHealth.Status.STARTING,
            WorkerHealth.Status.UNHEALTHY,
            WorkerHealth.Status.WAITING,
            WorkerHealth.Status.UNKNOWN)) {
      assertEquals(
          List.of(0.0),
          List.copyOf(
              normalize(s, MetricsSettings.DEFAULT).get(WorkerHealthSource.HEALTHY).values()),
          s.toString());
    }
  }

  @Test
  void aWorkerWithoutTheEndpointIsUnsupportedNotUnhealthy() {
    SeriesSet s = normalize(WorkerHealth.Status.UNSUPPORTED, MetricsSettings.DEFAULT);
    assertTrue(s.get(WorkerHealthSource.HEALTHY).isEmpty(), "no healthy series, not a 0");
    assertEquals(
        1.0,
        s.get(WorkerHealthSource.STATUS)
            .get(Labels.of("cluster", "c", "worker", "w:1", "status", "unsupported")));
  }

  @Test
  void theStatusIsAStateSetOrOnlyTheCurrentStatusInProfileMinimal() {
    SeriesSet all = normalize(WorkerHealth.Status.STARTING, MetricsSettings.DEFAULT);
    assertEquals(WorkerHealth.Status.values().length, all.get(WorkerHealthSource.STATUS).size());
    assertEquals(
        1.0, all.get(WorkerHealthSource.STATUS).values().stream().mapToDouble(d -> d).sum());
    SeriesSet minimal =
        normalize(
            WorkerHealth.Status.STARTING,
            new MetricsSettings(MetricsSettings.Profile.MINIMAL, List.of(), List.of(), true));
    assertEquals(
        Map.of(Labels.of("cluster", "c", "worker", "w:1", "status", "starting"), 1.0),
        minimal.get(WorkerHealthSource.STATUS));
  }
}
