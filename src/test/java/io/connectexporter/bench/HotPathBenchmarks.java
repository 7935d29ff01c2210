package io.connectexporter.bench;

import io.connectexporter.bench.SimulatedConnectCluster.Size;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.http.AutoRestartStatus;
import io.connectexporter.http.StatusPage;
import io.connectexporter.metrics.ExpositionFormat;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.scrape.jolokia.JolokiaRequest;
import io.connectexporter.scrape.jolokia.JolokiaResponseParser;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.sources.rest.RestParser;
import io.connectexporter.state.LatestPolls;
import io.connectexporter.state.StateTracker;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the exporter's hot paths on the simulated L cluster (20 workers, 1000
 * connectors, 5000 tasks), or M: parsing one worker's Jolokia bulk answer, parsing the REST answer,
 * normalizing a whole cluster's poll, rendering /metrics as Prometheus text and OpenMetrics, and
 * rendering the status page.
 *
 * <p>{@code mvn -q test-compile exec:exec@jmh -Djmh.args="HotPathBenchmarks -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotPathBenchmarks {

  @Param({"L"})
  public String size;

  private JolokiaRequest request;
  private byte[] oneWorker;
  private byte[] restBody;
  private ClusterSnapshot snapshot;
  private ClusterNormalizer normalizer;
  private MetricSnapshots metrics;
  private SeriesSet series;
  private StatusPage statusPage;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Size s = "M".equals(size) ? Size.M : "S".equals(size) ? Size.S : Size.L;
    SimulatedConnectCluster sim = new SimulatedConnectCluster(s, 0);
    request =
        JolokiaRequest.of(
            ConnectMBeans.CATALOG.reads(new MetricSelection(MetricsSettings.DEFAULT, false)));
    oneWorker = sim.jolokiaBody(0, request.body());
    restBody = sim.restBodies()[1];
    RestSnapshot rest =
        new RestSnapshot(
            "4.3.1",
            "c",
            "k",
            RestParser.expanded(new java.io.ByteArrayInputStream(restBody)).connectors());
    List<WorkerJmx> workers = new ArrayList<>();
    for (int w = 0; w < s.workers(); w++) {
      workers.add(
          new WorkerJmx(
              sim.workerId(w),
              JolokiaResponseParser.parse(
                      new java.io.ByteArrayInputStream(sim.jolokiaBody(w, request.body())), request)
                  .readings()));
    }
    snapshot = new ClusterSnapshot("bench", 0, 0.1, 1, rest, Map.of("jolokia", workers), List.of());
    normalizer = FirstPoll.normalizer(false);
    series = FirstPoll.normalize(normalizer, snapshot);
    metrics = series.toSnapshots();
    LatestPolls latest = new LatestPolls();
    latest.publish(snapshot, new StateTracker().observe(snapshot));
    statusPage =
        new StatusPage(
            List.of("bench"),
            latest,
            c -> AutoRestartStatus.OFF,
            java.time.Duration.ofSeconds(30),
            System::currentTimeMillis,
            "bench");
    sim.close(); // only the inputs are needed: no server threads while measuring
  }

  /** One worker's bulk answer (L: 250 tasks, ~1250 MBeans) into the model. */
  @Benchmark
  public Object parseJolokiaOneWorker() throws IOException {
    return JolokiaResponseParser.parse(new java.io.ByteArrayInputStream(oneWorker), request);
  }

  /** The REST expand answer of the whole cluster into the model. */
  @Benchmark
  public Object parseRest() throws IOException {
    return RestParser.expanded(new java.io.ByteArrayInputStream(restBody));
  }

  /** A whole cluster's poll into contract series. */
  @Benchmark
  public SeriesSet normalize() {
    return FirstPoll.normalize(normalizer, snapshot);
  }

  /** What each poll does for /metrics: render the Prometheus text once (served as bytes after). */
  @Benchmark
  public void renderPrometheusText() throws IOException {
    ExpositionFormat.TEXT.write(List.of(series), NULL);
  }

  /** The same through the client library's snapshots and writer (the OpenMetrics path). */
  @Benchmark
  public void renderPrometheusTextWithClientLibrary() throws IOException {
    PrometheusTextFormatWriter.create().write(NULL, series.toSnapshots());
  }

  @Benchmark
  public void renderOpenMetrics() throws IOException {
    OpenMetricsTextFormatWriter.create().write(NULL, metrics);
  }

  /** What each GET / costs: the whole cluster's status page (tables capped at 500 rows). */
  @Benchmark
  public String statusPage() {
    return statusPage.render();
  }

  private static final OutputStream NULL =
      new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
      };
}
