package io.connectexporter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.bench.SimulatedConnectCluster.Size;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.config.MetricsSettings.Profile;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.sources.rest.RestParser;
import io.connectexporter.sources.rest.RestSource;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Series per task of each profile on the simulated L cluster (20 workers, 1 000 connectors, 5 000
 * tasks, half sinks with one partition each, as the scale benchmark): the README's cardinality
 * table. The attributes read are those each profile selects, so this is also what each profile
 * requests.
 */
class ProfileSeriesTest {

  static int series(SimulatedConnectCluster sim, Size size, MetricsSettings settings)
      throws Exception {
    MetricSelection selection = new MetricSelection(settings, false);
    JolokiaRequest request = JolokiaRequest.of(ConnectMBeans.CATALOG.reads(selection));
    List<WorkerJmx> workers = new ArrayList<>();
    for (int w = 0; w < size.workers(); w++) {
      JolokiaResponseParser.Parsed parsed =
          JolokiaResponseParser.parse(
              new ByteArrayInputStream(sim.jolokiaBody(w, request.body())), request);
      assertEquals(List.of(), parsed.errors());
      workers.add(new WorkerJmx(sim.workerId(w), parsed.readings()));
    }
    RestSnapshot rest =
        new RestSnapshot(
            "4.3.1",
            "c",
            "k",
            RestParser.expanded(new ByteArrayInputStream(sim.restBodies()[1])).connectors());
    ClusterNormalizer normalizer =
        new ClusterNormalizer(List.of(new RestSource(), new ConnectMBeanSource()), selection);
    SeriesSet s =
        FirstPoll.normalize(
            normalizer,
            new ClusterSnapshot(
                "sim", 0, 0, 1, rest, Map.of(ConnectMBeanSource.NAME, workers), List.of()));
    return s.size();
  }

  @Test
  void minimalIsAtMostTwelveSeriesPerTask() throws Exception {
    Size size = Size.L;
    Map<String, Integer> bySetting = new LinkedHashMap<>();
    try (SimulatedConnectCluster sim = new SimulatedConnectCluster(size, 0)) {
      bySetting.put(
          "minimal",
          series(sim, size, new MetricsSettings(Profile.MINIMAL, List.of(), List.of(), true)));
      bySetting.put("default", series(sim, size, MetricsSettings.DEFAULT));
      bySetting.put(
          "full", series(sim, size, new MetricsSettings(Profile.FULL, List.of(), List.of(), true)));
    }
    StringBuilder table = new StringBuilder("| profile | series | per task |\n|---|---|---|\n");
    bySetting.forEach(
        (name, n) ->
            table.append(
                String.format("| %s | %d | %.1f |%n", name, n, n / (double) size.tasks())));
    System.out.print(table);
    assertTrue(bySetting.get("minimal") <= 12 * size.tasks(), table.toString());
    assertTrue(bySetting.get("minimal") < bySetting.get("default") / 2, table.toString());
    assertTrue(bySetting.get("default") < bySetting.get("full"), table.toString());
  }
}
