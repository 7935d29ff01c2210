package io.connectexporter.testcluster;

import java.time.Duration;
import java.util.List;

/**
 * A realistic mix of connectors in every state an exporter must show, on one cluster. Used by the
 * demo and by tests that need "a busy cluster".
 */
public final class DemoScenario {

  public static final String TOPIC = "orders";
  public static final String DLQ_TOPIC = "orders-dlq";

  /** Rate source, 2 tasks at ~20 records/s each, to {@value #TOPIC}. RUNNING. */
  public static final String ORDERS_SOURCE = "orders-source";

  /** Sink on {@value #TOPIC}, 2 tasks. RUNNING. */
  public static final String ORDERS_SINK = "orders-sink";

  /** Sink that sleeps per batch and polls few records: consumer lag grows. RUNNING. */
  public static final String SLOW_SINK = "slow-sink";

  /**
   * JSON converter on string records, errors.tolerance=all: everything goes to {@value #DLQ_TOPIC}.
   * RUNNING.
   */
  public static final String DLQ_SINK = "dlq-sink";

  /** Sink task that fails after some records: FAILED task with a trace. */
  public static final String POISON_SINK = "poison-sink";

  /**
   * Source whose task fails while starting (its class cannot be instantiated): FAILED task with a
   * trace and without task MBeans; only REST shows it. (A task that throws in start() does get task
   * MBeans, status "failed": see {@link TestConnectors#startFailingSource}.)
   */
  public static final String BROKEN_START_SOURCE = "broken-start-source";

  /** Connector whose start() throws: FAILED connector. */
  public static final String BROKEN_CONNECTOR = "broken-connector";

  /** Rate source, paused. */
  public static final String PAUSED_SOURCE = "paused-source";

  /** Rate source, stopped (Connect 3.5+). */
  public static final String STOPPED_SOURCE = "stopped-source";

  public static final List<String> ALL =
      List.of(
          ORDERS_SOURCE,
          ORDERS_SINK,
          SLOW_SINK,
          DLQ_SINK,
          POISON_SINK,
          BROKEN_START_SOURCE,
          BROKEN_CONNECTOR,
          PAUSED_SOURCE,
          STOPPED_SOURCE);

  public static final long POISON_AFTER_RECORDS = 100;

  private DemoScenario() {}

  public static void apply(ConnectorAdmin admin) {
    apply(admin, Duration.ofSeconds(90));
  }

  /** Creates every connector of the scenario and waits until each is in its intended state. */
  public static void apply(ConnectorAdmin admin, Duration timeout) {
    admin.create(ORDERS_SOURCE, TestConnectors.rateSource(TOPIC, 20, 2));
    admin.awaitTasksRunning(
        ORDERS_SOURCE, 2, timeout); // creates the topic before the sinks subscribe
    admin.create(ORDERS_SINK, TestConnectors.sink(TOPIC, 2));
    admin.create(SLOW_SINK, TestConnectors.slowSink(TOPIC, 1, 1000, 5));
    admin.create(DLQ_SINK, TestConnectors.dlqSink(TOPIC, 1, DLQ_TOPIC));
    admin.create(POISON_SINK, TestConnectors.failingSink(TOPIC, 1, POISON_AFTER_RECORDS));
    admin.create(BROKEN_START_SOURCE, TestConnectors.constructorFailingSource(1));
    admin.create(BROKEN_CONNECTOR, TestConnectors.failingConnector());
    admin.create(PAUSED_SOURCE, TestConnectors.rateSource("paused-topic", 5, 1));
    admin.create(STOPPED_SOURCE, TestConnectors.rateSource("stopped-topic", 5, 1));

    admin.awaitTasksRunning(ORDERS_SINK, 2, timeout);
    admin.awaitTasksRunning(SLOW_SINK, 1, timeout);
    admin.awaitTasksRunning(DLQ_SINK, 1, timeout);
    admin.awaitTasksRunning(PAUSED_SOURCE, 1, timeout);
    admin.awaitTasksRunning(STOPPED_SOURCE, 1, timeout);
    admin.pause(PAUSED_SOURCE);
    admin.stop(STOPPED_SOURCE);

    admin.awaitTaskState(POISON_SINK, 0, "FAILED", timeout);
    admin.awaitTaskState(BROKEN_START_SOURCE, 0, "FAILED", timeout);
    admin.awaitConnectorState(BROKEN_CONNECTOR, "FAILED", timeout);
    admin.awaitTaskState(PAUSED_SOURCE, 0, "PAUSED", timeout);
    admin.awaitConnectorState(PAUSED_SOURCE, "PAUSED", timeout);
    admin.awaitStatus(
        STOPPED_SOURCE,
        "connector " + STOPPED_SOURCE + " STOPPED with no tasks",
        timeout,
        s ->
            "STOPPED".equals(s.path("connector").path("state").asText())
                && s.path("tasks").isEmpty());
    admin.awaitTasksRunning(ORDERS_SOURCE, 2, timeout);
  }

  /** Deletes every connector of the scenario. */
  public static void remove(ConnectorAdmin admin) {
    for (String name : ALL) {
      admin.deleteQuietly(name);
    }
  }
}
