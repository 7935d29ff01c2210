package io.connectexporter.poll;

import static io.connectexporter.sources.rest.RestMetrics.CONNECTOR_STATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.fixtures.CaptureFixtures;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.sources.Sources;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ClusterNormalizerTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;
  private final ClusterNormalizer normalizer = FirstPoll.normalizer(false);

  /** Values of a metric whose labels contain all the given name/value pairs. */
  static List<Double> values(SeriesSet s, String metric, String... labels) {
    MetricSpec spec =
        Sources.contract().stream().filter(m -> m.name().equals(metric)).findFirst().orElseThrow();
    List<Double> out = new ArrayList<>();
    s.get(spec)
        .forEach(
            (l, v) -> {
              for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(l.get(labels[i]))) {
                  return;
                }
              }
              out.add(v);
            });
    return out;
  }

  static String text(SeriesSet s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, s.toSnapshots());
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void statesAreOneSeriesPerStateWithTheWorker(String version) {
    SeriesSet s = FirstPoll.normalize(normalizer, Fixtures.snapshot(version));
    assertEquals(
        List.of(1.0),
        values(
            s, "kafka_connect_connector_state", "connector", "paused-source", "state", "PAUSED"));
    assertEquals(
        List.of(0.0),
        values(
            s, "kafka_connect_connector_state", "connector", "paused-source", "state", "RUNNING"));
    assertEquals(
        6, values(s, "kafka_connect_connector_state", "connector", "stopped-source").size());
    assertEquals(
        List.of(1.0),
        values(
            s, "kafka_connect_connector_state", "connector", "stopped-source", "state", "STOPPED"));
    assertEquals(
        List.of(1.0),
        values(
            s,
            "kafka_connect_connector_state",
            "connector",
            "broken-connector",
            "state",
            "FAILED"));
    assertEquals(
        List.of(1.0),
        values(
            s,
            "kafka_connect_task_state",
            "connector",
            "poison-sink",
            "task",
            "0",
            "state",
            "FAILED"));
    String worker =
        Fixtures.rest(version).connectors().stream()
            .filter(c -> c.name().equals("poison-sink"))
            .findFirst()
            .orElseThrow()
            .tasks()
            .get(0)
            .workerId();
    assertEquals(
        5,
        values(s, "kafka_connect_task_state", "connector", "poison-sink", "worker", worker).size());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void failuresCarryTheExceptionClassOnly(String version) throws IOException {
    SeriesSet s = FirstPoll.normalize(normalizer, Fixtures.snapshot(version));
    assertEquals(
        List.of(1.0),
        values(
            s,
            "kafka_connect_connector_failure_info",
            "connector",
            "broken-connector",
            "exception",
            "org.apache.kafka.connect.errors.ConnectException"));
    assertEquals(
        1,
        values(s, "kafka_connect_task_failure_info", "connector", "poison-sink", "task", "0")
            .size());
    assertEquals(
        1, values(s, "kafka_connect_task_failure_info", "connector", "broken-start-source").size());
    assertTrue(values(s, "kafka_connect_task_failure_info", "connector", "orders-sink").isEmpty());
    String text = text(s);
    assertFalse(text.contains("refuses"), "no exception message in the output");
    assertFalse(text.contains(CaptureFixtures.SECRET), "no config value in the output");
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void taskThatWasNeverInstantiatedIsFailedByRestWithoutAnyJmxSeries(String version) {
    // broken-start-source's task class throws in its constructor: the worker never registers task
    // MBeans for it (measured), so only REST tells that it FAILED, and why.
    ClusterSnapshot snapshot = Fixtures.snapshot(version);
    assertTrue(
        snapshot.results("jolokia", WorkerJmx.class).stream()
            .flatMap(w -> w.readings().stream())
            .noneMatch(
                r -> "broken-start-source".equals(r.key("connector")) && r.key("task") != null));
    SeriesSet s = FirstPoll.normalize(normalizer, snapshot);
    assertEquals(
        List.of(1.0),
        values(
            s, "kafka_connect_task_state", "connector", "broken-start-source", "state", "FAILED"));
    assertEquals(
        1,
        values(
                s,
                "kafka_connect_task_failure_info",
                "connector",
                "broken-start-source",
                "exception",
                "org.apache.kafka.connect.errors.ConnectException")
            .size());
    assertTrue(
        values(
                s,
                "kafka_connect_source_task_records_polled_total",
                "connector",
                "broken-start-source")
            .isEmpty());
    assertTrue(
        values(s, "kafka_connect_task_running_ratio", "connector", "broken-start-source")
            .isEmpty());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void jmxValuesAreInBaseUnitsWithOwnerLabels(String version) {
    ClusterSnapshot snapshot = Fixtures.snapshot(version);
    SeriesSet s = FirstPoll.normalize(normalizer, snapshot);
    RestSnapshot rest = snapshot.rest();
    ConnectorView source =
        rest.connectors().stream()
            .filter(c -> c.name().equals("orders-source"))
            .findFirst()
            .orElseThrow();
    for (TaskView t : source.tasks()) {
      List<Double> polled =
          values(
              s,
              "kafka_connect_source_task_records_polled_total",
              "connector",
              "orders-source",
              "task",
              Integer.toString(t.id()));
      assertEquals(1, polled.size(), "exactly one series per task, from its owner");
      assertTrue(polled.get(0) > 0, "records flowed");
      assertEquals(
          1,
          values(
                  s,
                  "kafka_connect_source_task_records_polled_total",
                  "connector",
                  "orders-source",
                  "task",
                  Integer.toString(t.id()),
                  "worker",
                  t.workerId())
              .size());
    }
    // Milliseconds become seconds: compare with the raw capture.
    double rawMs = rawAttribute(snapshot, "connector-task-metrics", "offset-commit-max-time-ms");
    assertTrue(
        values(s, "kafka_connect_task_offset_commit_max_time_seconds").contains(rawMs / 1000.0));
    // Kafka's "percentages" are already 0..1.
    values(s, "kafka_connect_task_offset_commit_success_ratio")
        .forEach(v -> assertTrue(v >= 0 && v <= 1));
    // Windowed rates are off by default.
    assertTrue(values(s, "kafka_connect_source_task_records_polled_per_second").isEmpty());
    SeriesSet withRates = FirstPoll.normalize(FirstPoll.normalizer(true), snapshot);
    assertFalse(values(withRates, "kafka_connect_source_task_records_polled_per_second").isEmpty());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void slowSinkLagsAndDlqSinkCountsErrors(String version) {
    SeriesSet s = FirstPoll.normalize(normalizer, Fixtures.snapshot(version));
    double lag =
        values(s, "kafka_connect_sink_task_partition_records_lag", "connector", "slow-sink")
            .stream()
            .mapToDouble(Double::doubleValue)
            .sum();
    assertTrue(lag > 0, "slow sink lags: " + lag);
    assertTrue(
        values(s, "kafka_connect_task_record_errors_total", "connector", "dlq-sink").get(0) > 0);
    assertTrue(
        values(s, "kafka_connect_task_dlq_produce_requests_total", "connector", "dlq-sink").get(0)
            > 0);
    assertEquals(
        List.of(1.0),
        values(
            s,
            "kafka_connect_connector_config_info",
            "connector",
            "dlq-sink",
            "errors_tolerance",
            "all",
            "dlq_enabled",
            "true"));
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void infoSeriesFromJmx(String version) {
    SeriesSet s = FirstPoll.normalize(normalizer, Fixtures.snapshot(version));
    assertEquals(
        List.of(1.0),
        values(
            s,
            "kafka_connect_connector_info",
            "connector",
            "orders-source",
            "type",
            "source",
            "class",
            "io.connectexporter.testconnectors.RateSourceConnector",
            "version",
            "1.0.0-test"));
    assertEquals(2, values(s, "kafka_connect_worker_info", "version", version).size());
    assertEquals(
        List.of(2.0), values(s, "kafka_connect_connector_tasks_max", "connector", "orders-source"));
    assertEquals(
        List.of(0.0), values(s, "kafka_connect_connector_tasks", "connector", "stopped-source"));
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void theRealClusterGivesNoDuplicateSeries(String version) {
    SeriesSet s = FirstPoll.normalize(FirstPoll.normalizer(true), Fixtures.snapshot(version));
    assertEquals(
        0, s.duplicatesDropped(), "two values for the same labels would lose one silently");
    for (String w : Fixtures.WORKERS) {
      assertEquals(1, values(s, "kafka_connect_worker_start_time_seconds", "worker", w).size());
    }
  }

  @Test
  void lingeringTaskMBeansOnANonOwnerAreDropped() {
    ClusterSnapshot real = Fixtures.snapshot("4.3.1");
    // REST now says every task runs on connect-2: connect-1's task MBeans are leftovers.
    List<ConnectorView> moved =
        real.rest().connectors().stream()
            .map(
                c ->
                    new ConnectorView(
                        c.name(),
                        c.type(),
                        c.className(),
                        c.state(),
                        c.workerId(),
                        c.trace(),
                        c.tasks().stream()
                            .map(t -> new TaskView(t.id(), t.state(), "connect-2:8083", t.trace()))
                            .toList(),
                        c.tasksMax(),
                        c.configFacts()))
            .toList();
    RestSnapshot rest = new RestSnapshot("4.3.1", "c", "k", moved);
    SeriesSet s =
        FirstPoll.normalize(
            normalizer, new ClusterSnapshot("test", 0, 0, 1, rest, real.results(), List.of()));
    assertTrue(values(s, "kafka_connect_task_running_ratio", "worker", "connect-1:8083").isEmpty());
    assertFalse(
        values(s, "kafka_connect_task_running_ratio", "worker", "connect-2:8083").isEmpty());
    assertTrue(
        values(s, "kafka_connect_exporter_lingering_task_mbeans", "worker", "connect-1:8083").get(0)
            > 0);
    assertEquals(
        List.of(0.0),
        values(s, "kafka_connect_exporter_lingering_task_mbeans", "worker", "connect-2:8083"));
  }

  /** How long FAILED and how often changed, as Prometheus sees them across two polls. */
  @Test
  void rememberedStatesBecomeSinceAndChangesSeries() {
    ClusterSnapshot real = Fixtures.snapshot("4.3.1");
    io.connectexporter.state.StateTracker tracker = new io.connectexporter.state.StateTracker();
    ClusterSnapshot first =
        new ClusterSnapshot("test", 1_000_000, 0, 1, real.rest(), real.results(), List.of());
    SeriesSet s = normalizer.normalize(first, tracker.observe(first), Integer.MAX_VALUE);
    assertEquals(
        List.of(1000.0),
        values(
            s,
            "kafka_connect_task_state_since_timestamp_seconds",
            "connector",
            "poison-sink",
            "task",
            "0",
            "state",
            "FAILED"));
    assertEquals(
        List.of(0.0),
        values(s, "kafka_connect_task_state_changes_total", "connector", "poison-sink"));
    assertEquals(
        List.of(1000.0),
        values(
            s,
            "kafka_connect_connector_state_since_timestamp_seconds",
            "connector",
            "paused-source",
            "state",
            "PAUSED"));

    List<ConnectorView> restarted =
        real.rest().connectors().stream()
            .map(
                c ->
                    !c.name().equals("poison-sink")
                        ? c
                        : new ConnectorView(
                            c.name(),
                            c.type(),
                            c.className(),
                            c.state(),
                            c.workerId(),
                            null,
                            List.of(new TaskView(0, "RUNNING", "connect-1:8083", null)),
                            c.tasksMax(),
                            c.configFacts()))
            .toList();
    ClusterSnapshot second =
        new ClusterSnapshot(
            "test",
            1_060_500,
            0,
            2,
            new RestSnapshot("4.3.1", "c", "k", restarted),
            real.results(),
            List.of());
    s = normalizer.normalize(second, tracker.observe(second), Integer.MAX_VALUE);
    assertEquals(
        List.of(1060.5),
        values(
            s,
            "kafka_connect_task_state_since_timestamp_seconds",
            "connector",
            "poison-sink",
            "task",
            "0"),
        "one series, for the current state only");
    assertEquals(
        List.of(1060.5),
        values(
            s,
            "kafka_connect_task_state_since_timestamp_seconds",
            "connector",
            "poison-sink",
            "state",
            "RUNNING"));
    assertEquals(
        List.of(1.0),
        values(s, "kafka_connect_task_state_changes_total", "connector", "poison-sink"));
    assertEquals(
        List.of(1000.0),
        values(
            s,
            "kafka_connect_connector_state_since_timestamp_seconds",
            "connector",
            "paused-source"),
        "unchanged states keep their start");
  }

  @Test
  void deletedConnectorLeavesNoSeries() {
    ClusterSnapshot real = Fixtures.snapshot("4.3.1");
    List<ConnectorView> without =
        real.rest().connectors().stream().filter(c -> !c.name().equals("orders-sink")).toList();
    RestSnapshot rest = new RestSnapshot("4.3.1", "c", "k", without);
    SeriesSet s =
        FirstPoll.normalize(
            normalizer, new ClusterSnapshot("test", 0, 0, 1, rest, real.results(), List.of()));
    for (MetricSpec spec : Sources.contract()) {
      for (Labels l : s.get(spec).keySet()) {
        assertFalse("orders-sink".equals(l.get("connector")), spec.name() + " kept " + l);
      }
    }
  }

  @Test
  void restDownStillExportsEveryWorkersJmx() {
    ClusterSnapshot real = Fixtures.snapshot("4.3.1");
    SeriesSet s =
        FirstPoll.normalize(
            normalizer, new ClusterSnapshot("test", 0, 0, 1, null, real.results(), List.of()));
    assertTrue(s.get(CONNECTOR_STATE).isEmpty(), "no state claimed without REST");
    for (String w : Fixtures.WORKERS) {
      assertFalse(values(s, "kafka_connect_worker_tasks", "worker", w).isEmpty());
    }
  }

  @Test
  void unknownStateIsVisibleAndEmptyClusterIsFine() {
    RestSnapshot rest =
        new RestSnapshot(
            "9.9",
            "c",
            "k",
            List.of(
                new ConnectorView(
                    "c",
                    "sink",
                    "X",
                    "HIBERNATING",
                    "w:1",
                    null,
                    List.of(new TaskView(0, "WEIRD", "w:1", null)),
                    null,
                    io.connectexporter.model.ConfigFacts.DEFAULTS)));
    SeriesSet s =
        FirstPoll.normalize(
            normalizer, new ClusterSnapshot("t", 0, 0, 1, rest, Map.of(), List.of()));
    assertEquals(List.of(1.0), values(s, "kafka_connect_connector_state", "state", "HIBERNATING"));
    assertEquals(7, values(s, "kafka_connect_connector_state").size());
    assertEquals(List.of(1.0), values(s, "kafka_connect_task_state", "state", "WEIRD"));
    assertTrue(values(s, "kafka_connect_connector_tasks_max").isEmpty());

    SeriesSet empty =
        FirstPoll.normalize(
            normalizer,
            new ClusterSnapshot(
                "t",
                0,
                0,
                1,
                new RestSnapshot("4.3.1", "c", "k", List.of()),
                Map.of("jolokia", List.of(new WorkerJmx("w:1", List.of()))),
                List.of()));
    assertEquals(List.of(1.0), values(empty, "kafka_connect_cluster_info"));
  }

  @Test
  void everyEmittedMetricIsInTheContractWithItsLabels() {
    SeriesSet s = FirstPoll.normalize(FirstPoll.normalizer(true), Fixtures.snapshot("4.3.1"));
    Map<String, MetricSpec> contract =
        Sources.contract().stream().collect(Collectors.toMap(MetricSpec::name, m -> m));
    for (MetricSpec spec : Sources.contract()) {
      for (Labels l : s.get(spec).keySet()) {
        List<String> names = new ArrayList<>();
        l.forEach(label -> names.add(label.getName()));
        assertEquals(
            spec.labels().stream().sorted().toList(),
            names.stream().sorted().toList(),
            spec.name());
      }
    }
    assertTrue(contract.size() > 100);
  }

  private static double rawAttribute(ClusterSnapshot snapshot, String type, String attribute) {
    return snapshot.results("jolokia", WorkerJmx.class).stream()
        .flatMap(w -> w.readings().stream())
        .filter(r -> r.group().objectNamePattern().contains("type=" + type + ","))
        .map(r -> r.attributes().get(attribute))
        .filter(v -> v instanceof Double d && d > 0)
        .mapToDouble(v -> (Double) v)
        .findFirst()
        .orElseThrow();
  }
}
