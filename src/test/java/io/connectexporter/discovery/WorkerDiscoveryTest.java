package io.connectexporter.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.config.StaticEndpoint;
import io.connectexporter.model.ConfigFacts;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerDiscoveryTest {

  private static final HttpSettings HTTP =
      new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, false, 1 << 20);

  private static RestSnapshot rest(String connectorWorker, String... taskWorkers) {
    List<TaskView> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < taskWorkers.length; i++) {
      tasks.add(new TaskView(i, "RUNNING", taskWorkers[i], null));
    }
    return new RestSnapshot(
        "4.3.1",
        "c",
        "k",
        List.of(
            new ConnectorView(
                "c1",
                "sink",
                "X",
                "RUNNING",
                connectorWorker,
                null,
                tasks,
                2,
                ConfigFacts.DEFAULTS)));
  }

  @Test
  void templateGivesOneTargetPerWorkerAndStaticEndpointsWin() {
    ClusterConfig config =
        new ClusterConfig(
            "c",
            List.of("rest", "jolokia"),
            List.of(URI.create("http://a:8083")),
            HTTP,
            "https://{host}:8778/jolokia?port={port}",
            List.of(new StaticEndpoint("10.0.0.2:8083", URI.create("http://jolokia-b/jolokia"))),
            HTTP,
            1000,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF);
    WorkerDiscovery discovery = new WorkerDiscovery(config);
    List<Worker> workers =
        discovery.workers(rest("10.0.0.1:8083", "10.0.0.2:8083", "10.0.0.1:8083", ""));
    assertEquals(
        List.of(
            new Worker(
                "10.0.0.2:8083", URI.create("http://10.0.0.2:8083"), "http://jolokia-b/jolokia"),
            new Worker(
                "10.0.0.1:8083",
                URI.create("http://10.0.0.1:8083"),
                "https://10.0.0.1:8778/jolokia?port=8083")),
        workers);
  }

  @Test
  void restOutageKeepsTheLastKnownWorkers() {
    ClusterConfig config =
        new ClusterConfig(
            "c",
            List.of("rest", "jolokia"),
            List.of(URI.create("http://a:8083")),
            HTTP,
            "http://{host}:8778/jolokia",
            List.of(),
            HTTP,
            1000,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF);
    WorkerDiscovery discovery = new WorkerDiscovery(config);
    discovery.workers(rest("w1:8083", "w2:8083"));
    assertEquals(2, discovery.workers(null).size());
  }

  @Test
  void workersWithoutJolokiaStillHaveTheirRestListenerWithTheClusterScheme() {
    ClusterConfig config =
        new ClusterConfig(
            "c",
            List.of("rest"),
            List.of(URI.create("https://a:8443")),
            HTTP,
            null,
            List.of(),
            HTTP,
            1000,
            MetricsSettings.DEFAULT,
            AutoRestartSettings.OFF);
    assertEquals(
        List.of(
            new Worker("w1:8443", URI.create("https://w1:8443"), null),
            new Worker("w2", null, null)),
        new WorkerDiscovery(config).workers(rest("w1:8443", "w2")));
  }

  @Test
  void aWorkersRestListenerTakesTheSchemeOfTheClustersRestUrls() {
    assertEquals(
        URI.create("https://10.0.0.7:8083"),
        WorkerDiscovery.restListener("https", "10.0.0.7:8083"));
    assertEquals(
        URI.create("http://[::1]:8083"), WorkerDiscovery.restListener("http", "[::1]:8083"));
    for (String id :
        new String[] {"connect-1", "user@host:8083", "host:8083/x", "host:8083?q", ""}) {
      assertEquals(null, WorkerDiscovery.restListener("http", id), id);
    }
  }

  @Test
  void expandsIpv6WorkerIds() {
    assertEquals("http://[::1]:8778/", WorkerDiscovery.expand("http://{host}:8778/", "[::1]:8083"));
    assertEquals("http://host:8778/", WorkerDiscovery.expand("http://{host}:8778/", "host"));
  }
}
