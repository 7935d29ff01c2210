package io.connectexporter.testcluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** Class names of our test connectors and small config builders for them. */
public final class TestConnectors {

  public static final String PACKAGE = "io.connectexporter.testconnectors";
  public static final String RATE_SOURCE = PACKAGE + ".RateSourceConnector";
  public static final String CONTROLLABLE_SINK = PACKAGE + ".ControllableSinkConnector";
  public static final String START_FAILING_SOURCE = PACKAGE + ".StartFailingSourceConnector";
  public static final String FAILING_CONNECTOR = PACKAGE + ".FailingConnector";
  public static final String SLOW_TASK_CONFIGS_SOURCE = PACKAGE + ".SlowTaskConfigsSourceConnector";
  public static final String VERSION = "1.0.0-test";

  private TestConnectors() {}

  /** A source writing {@code recordsPerSecond} string records per task to {@code topic}. */
  public static Map<String, String> rateSource(String topic, double recordsPerSecond, int tasks) {
    Map<String, String> c = base(RATE_SOURCE, tasks);
    c.put("topic", topic);
    c.put("records.per.second", String.valueOf(recordsPerSecond));
    return c;
  }

  /**
   * A rate source whose task planning ({@code taskConfigs}, run on the herder's thread) takes
   * {@code delayMs}: the worker running it handles no request for that long.
   */
  public static Map<String, String> slowTaskConfigsSource(String topic, long delayMs) {
    Map<String, String> c = rateSource(topic, 1, 1);
    c.put("connector.class", SLOW_TASK_CONFIGS_SOURCE);
    c.put("task.configs.delay.ms", String.valueOf(delayMs));
    return c;
  }

  /** A sink on {@code topic} that accepts everything. */
  public static Map<String, String> sink(String topic, int tasks) {
    Map<String, String> c = base(CONTROLLABLE_SINK, tasks);
    c.put("topics", topic);
    return c;
  }

  /**
   * A sink on {@code topic} that sleeps {@code delayPerBatchMs} per put() and takes at most {@code
   * maxPollRecords} records per poll, so it falls behind (consumer lag grows). Needs {@code
   * connector.client.config.override.policy=All} on the workers (set by ConnectCluster).
   */
  public static Map<String, String> slowSink(
      String topic, int tasks, long delayPerBatchMs, int maxPollRecords) {
    Map<String, String> c = sink(topic, tasks);
    c.put("delay.per.batch.ms", String.valueOf(delayPerBatchMs));
    c.put("consumer.override.max.poll.records", String.valueOf(maxPollRecords));
    return c;
  }

  /**
   * A sink whose tasks fail (ConnectException, FAILED with a trace) after {@code records} records
   * each.
   */
  public static Map<String, String> failingSink(String topic, int tasks, long records) {
    Map<String, String> c = sink(topic, tasks);
    c.put("fail.after.records", String.valueOf(records));
    return c;
  }

  /**
   * A sink whose task starts fail (in start(), FAILED with a trace) {@code failedStarts} times in
   * all, counted in {@code counterFile} (shared by the workers of a test cluster); later starts
   * work, so that restarting it {@code failedStarts} times brings it back to RUNNING.
   */
  public static Map<String, String> sinkFailingFirstStarts(
      String topic, int failedStarts, java.nio.file.Path counterFile) {
    Map<String, String> c = sink(topic, 1);
    c.put("fail.starts", String.valueOf(failedStarts));
    c.put("fail.starts.counter", counterFile.toAbsolutePath().toString());
    return c;
  }

  /** A sink whose tasks fail when a record with exactly this value arrives. */
  public static Map<String, String> poisonSink(String topic, int tasks, String poisonValue) {
    Map<String, String> c = sink(topic, tasks);
    c.put("poison.value", poisonValue);
    return c;
  }

  /**
   * A sink reading {@code topic} with the JSON converter (schemas off) and errors.tolerance=all:
   * plain string records fail conversion and go to {@code dlqTopic}, so task-error metrics move.
   */
  public static Map<String, String> dlqSink(String topic, int tasks, String dlqTopic) {
    Map<String, String> c = sink(topic, tasks);
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put("errors.tolerance", "all");
    c.put("errors.deadletterqueue.topic.name", dlqTopic);
    c.put("errors.deadletterqueue.topic.replication.factor", "1");
    c.put("errors.deadletterqueue.context.headers.enable", "true");
    return c;
  }

  /**
   * A source whose tasks throw in start(): FAILED tasks with a trace. The worker registered their
   * task MBeans before start() (connector-task-metrics status "failed"), in 3.9.2 and 4.3.1 alike.
   */
  public static Map<String, String> startFailingSource(int tasks) {
    return base(START_FAILING_SOURCE, tasks);
  }

  /**
   * A source whose task class cannot be instantiated (its constructor throws): FAILED tasks with a
   * trace that have no task MBeans anywhere; only REST shows them.
   */
  public static Map<String, String> constructorFailingSource(int tasks) {
    Map<String, String> c = base(START_FAILING_SOURCE, tasks);
    c.put("fail.in", "constructor");
    return c;
  }

  /** A connector whose own start() throws: FAILED connector, no tasks. */
  public static Map<String, String> failingConnector() {
    return base(FAILING_CONNECTOR, 1);
  }

  private static Map<String, String> base(String connectorClass, int tasks) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", connectorClass);
    c.put("tasks.max", String.valueOf(tasks));
    return c;
  }
}
