package io.connectexporter.demo;

import com.typesafe.config.ConfigFactory;
import io.connectexporter.Exporter;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.it.ExporterUnderTest;
import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.DemoScenario;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a real 2-worker Kafka Connect cluster on 127.0.0.1 with a realistic mix of connectors (see
 * {@link DemoScenario}) and keeps it up until Ctrl-C.
 *
 * <pre>mvn -q package -DskipTests exec:java@demo            (Kafka 4.3.1)
 * mvn -q package -DskipTests exec:java@demo -Dkafka.version=3.9.2</pre>
 */
public final class Demo {

  private Demo() {}

  public static void main(String[] args) throws Exception {
    int workers = Integer.getInteger("demo.workers", 2);
    ConnectCluster cluster = ConnectCluster.builder().workers(workers).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping the demo cluster...");
                  cluster.close();
                  stopped.countDown();
                },
                "demo-shutdown"));

    System.out.println(
        "Applying the demo scenario (" + DemoScenario.ALL.size() + " connectors)...");
    DemoScenario.apply(cluster.admin());

    // The exporter, in this JVM, pointed at every worker's REST API and Jolokia agent.
    int port = Integer.getInteger("demo.exporter.port", 9840);
    String conf =
        ExporterUnderTest.config(cluster, "demo", "5s").replace("port = 0", "port = " + port);
    java.nio.file.Files.writeString(cluster.runDir().resolve("exporter.conf"), conf);
    Exporter exporter = Exporter.start(ConfigLoader.fromConfig(ConfigFactory.parseString(conf)));
    Runtime.getRuntime().addShutdownHook(new Thread(exporter::close, "demo-exporter-shutdown"));
    ExporterUnderTest.awaitReady(exporter.port());
    // Prometheus and Alertmanager with the shipped rules, when installed; stopped with the rest.
    DemoMonitoring monitoring =
        DemoMonitoring.startIfInstalled(cluster.runDir().resolve("monitoring"), exporter.port());
    if (monitoring != null) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(monitoring::close, "demo-monitoring-shutdown"));
    }

    System.out.println();
    System.out.println("Kafka Connect demo cluster (Kafka " + cluster.kafkaVersion() + ") is up:");
    System.out.println("  bootstrap servers: " + cluster.bootstrapServers());
    for (ConnectWorker w : cluster.workers()) {
      System.out.println(
          "  "
              + w.name()
              + ": REST "
              + w.restUrl()
              + "  Jolokia "
              + w.jolokiaUrl()
              + "  (worker_id "
              + w.workerId()
              + ", pid "
              + w.pid()
              + ")");
    }
    System.out.println("  connectors: " + String.join(", ", DemoScenario.ALL));
    System.out.println("  logs and data: " + cluster.runDir());
    System.out.println();
    System.out.println(
        "Exporter: http://127.0.0.1:"
            + exporter.port()
            + "/metrics   (config "
            + cluster.runDir().resolve("exporter.conf")
            + ")");
    System.out.println("  " + ExporterUnderTest.summary(exporter.port()));
    System.out.println("Status page: http://127.0.0.1:" + exporter.port() + "/");
    if (monitoring != null) {
      System.out.println(
          "Prometheus (shipped rules, scraping the exporter): "
              + monitoring.prometheusAlertsUrl()
              + "   KafkaConnectTaskFailed fires about a minute after start-up");
      System.out.println(
          "Alertmanager (alerts/alertmanager.example.yml, receivers pointed at a local webhook): "
              + monitoring.alertmanagerUrl());
    }
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    // Park forever; Ctrl-C runs the shutdown hooks, which stop every process started above.
    stopped.await();
  }
}
