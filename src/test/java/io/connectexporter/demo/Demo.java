package io.connectexporter.demo;

import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectWorker;
import io.connectexporter.testcluster.DemoScenario;

import java.util.concurrent.CountDownLatch;

/**
 * Starts a real 2-worker Kafka Connect cluster on 127.0.0.1 with a realistic mix of connectors
 * (see {@link DemoScenario}) and keeps it up until Ctrl-C.
 *
 * <pre>mvn -q package -DskipTests exec:java@demo            (Kafka 4.3.1)
 * mvn -q package -DskipTests exec:java@demo -Dkafka.version=3.9.2</pre>
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int workers = Integer.getInteger("demo.workers", 2);
        ConnectCluster cluster = ConnectCluster.builder().workers(workers).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the demo cluster...");
            cluster.close();
            stopped.countDown();
        }, "demo-shutdown"));

        System.out.println("Applying the demo scenario (" + DemoScenario.ALL.size() + " connectors)...");
        DemoScenario.apply(cluster.admin());

        // ------------------------------------------------------------------------------------
        // EXPORTER: start the exporter here, pointed at the workers below, e.g.
        //   rest URLs:    cluster.workers().stream().map(ConnectWorker::restUrl)
        //   jolokia URLs: cluster.workers().stream().map(ConnectWorker::jolokiaUrl)
        // and print its /metrics URL.
        // ------------------------------------------------------------------------------------

        System.out.println();
        System.out.println("Kafka Connect demo cluster (Kafka " + cluster.kafkaVersion() + ") is up:");
        System.out.println("  bootstrap servers: " + cluster.bootstrapServers());
        for (ConnectWorker w : cluster.workers()) {
            System.out.println("  " + w.name() + ": REST " + w.restUrl() + "  Jolokia " + w.jolokiaUrl()
                    + "  (worker_id " + w.workerId() + ", pid " + w.pid() + ")");
        }
        System.out.println("  connectors: " + String.join(", ", DemoScenario.ALL));
        System.out.println("  logs and data: " + cluster.runDir());
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        // Park forever; Ctrl-C runs the shutdown hooks, which stop every process started above.
        stopped.await();
    }
}
