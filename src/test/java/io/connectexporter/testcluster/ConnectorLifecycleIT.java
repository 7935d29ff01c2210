package io.connectexporter.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every state an exporter must report, seen through REST and through each worker's Jolokia, on the
 * shared real cluster. Runs against both supported Kafka lines.
 */
@Tag("both-kafka-versions")
class ConnectorLifecycleIT extends ItSupport {

  @AfterEach
  void cleanUp() {
    deleteCreated();
  }

  @Test
  void pluginsAreFoundOnEveryWorker() {
    for (ConnectWorker w : cluster().workers()) {
      JsonNode plugins = w.admin().get("/connector-plugins");
      List<String> classes = new java.util.ArrayList<>();
      plugins.forEach(p -> classes.add(p.path("class").asText()));
      for (String c :
          List.of(
              TestConnectors.RATE_SOURCE,
              TestConnectors.CONTROLLABLE_SINK,
              TestConnectors.START_FAILING_SOURCE,
              TestConnectors.FAILING_CONNECTOR)) {
        assertTrue(classes.contains(c), c + " missing on " + w + ": " + classes);
      }
    }
  }

  @Test
  void runningSourceAndSinkHaveRunningMBeans() {
    String topic = unique("topic");
    String source = unique("src");
    String sink = unique("sink");
    create(source, TestConnectors.rateSource(topic, 50, 2));
    admin().awaitTasksRunning(source, 2, TIMEOUT);
    create(sink, TestConnectors.sink(topic, 1));
    JsonNode status = admin().awaitTasksRunning(sink, 1, TIMEOUT);

    assertEquals("sink", status.path("type").asText());
    for (String name : List.of(source, sink)) {
      JsonNode s = admin().status(name);
      ConnectWorker owner = workerById(s.path("connector").path("worker_id").asText());
      JolokiaProbe jolokia = JolokiaProbe.of(owner);
      String mbean = "kafka.connect:type=connector-metrics,connector=" + name;
      eventually(
          name + " connector-metrics status running on " + owner,
          TIMEOUT,
          () -> "running".equals(jolokia.readString(mbean, "status")));
      assertEquals(TestConnectors.VERSION, jolokia.readString(mbean, "connector-version"));
      for (JsonNode task : s.path("tasks")) {
        ConnectWorker taskOwner = workerById(task.path("worker_id").asText());
        String taskMBean =
            "kafka.connect:type=connector-task-metrics,connector="
                + name
                + ",task="
                + task.path("id").asInt();
        eventually(
            taskMBean + " running on " + taskOwner,
            TIMEOUT,
            () -> "running".equals(JolokiaProbe.of(taskOwner).readString(taskMBean, "status")));
      }
    }
    // records flow: the sink task reads what the source writes
    JsonNode sinkTask = ConnectorAdmin.task(admin().status(sink), 0);
    JolokiaProbe sinkJolokia = JolokiaProbe.of(workerById(sinkTask.path("worker_id").asText()));
    eventually(
        "sink-record-read-total > 0",
        TIMEOUT,
        () -> {
          JsonNode v =
              sinkJolokia.read(
                  "kafka.connect:type=sink-task-metrics,connector=" + sink + ",task=0",
                  "sink-record-read-total");
          return v != null && v.asDouble() > 0;
        });
  }

  @Test
  void pausedResumedAndStopped() {
    String name = unique("lifecycle-src");
    create(name, TestConnectors.rateSource(unique("topic"), 5, 1));
    admin().awaitTasksRunning(name, 1, TIMEOUT);

    admin().pause(name);
    admin().awaitConnectorState(name, "PAUSED", TIMEOUT);
    JsonNode paused = admin().awaitTaskState(name, 0, "PAUSED", TIMEOUT);
    ConnectWorker owner = workerById(paused.path("connector").path("worker_id").asText());
    String mbean = "kafka.connect:type=connector-metrics,connector=" + name;
    eventually(
        "connector-metrics status paused",
        TIMEOUT,
        () -> "paused".equals(JolokiaProbe.of(owner).readString(mbean, "status")));
    ConnectWorker taskOwner = workerById(ConnectorAdmin.task(paused, 0).path("worker_id").asText());
    eventually(
        "connector-task-metrics status paused",
        TIMEOUT,
        () ->
            "paused"
                .equals(
                    JolokiaProbe.of(taskOwner)
                        .readString(
                            "kafka.connect:type=connector-task-metrics,connector="
                                + name
                                + ",task=0",
                            "status")));

    admin().resume(name);
    admin().awaitTasksRunning(name, 1, TIMEOUT);

    admin().stop(name);
    JsonNode stopped =
        admin()
            .awaitStatus(
                name,
                "STOPPED with no tasks",
                TIMEOUT,
                s ->
                    "STOPPED".equals(s.path("connector").path("state").asText())
                        && s.path("tasks").isEmpty());
    ConnectWorker stoppedOwner = workerById(stopped.path("connector").path("worker_id").asText());
    eventually(
        "connector-metrics status stopped",
        TIMEOUT,
        () -> "stopped".equals(JolokiaProbe.of(stoppedOwner).readString(mbean, "status")));
    eventually(
        "no task MBeans for a STOPPED connector",
        TIMEOUT,
        () -> taskMBeansEverywhere(name).isEmpty());

    admin().resume(name);
    admin().awaitTasksRunning(name, 1, TIMEOUT);
  }

  @Test
  void failedConnectorHasTrace() {
    String name = unique("broken-conn");
    create(name, TestConnectors.failingConnector());
    JsonNode status = admin().awaitConnectorState(name, "FAILED", TIMEOUT);
    String trace = status.path("connector").path("trace").asText();
    assertTrue(trace.contains("FailingConnector refuses to start"), trace);
    assertTrue(status.path("tasks").isEmpty(), status.toString());
    ConnectWorker owner = workerById(status.path("connector").path("worker_id").asText());
    eventually(
        "connector-metrics status failed",
        TIMEOUT,
        () ->
            "failed"
                .equals(
                    JolokiaProbe.of(owner)
                        .readString(
                            "kafka.connect:type=connector-metrics,connector=" + name, "status")));
  }

  @Test
  void failedSinkTaskHasTraceAndFailedMBean() {
    String topic = unique("topic");
    String source = unique("src");
    String sink = unique("failing-sink");
    create(source, TestConnectors.rateSource(topic, 50, 1));
    admin().awaitTasksRunning(source, 1, TIMEOUT);
    create(sink, TestConnectors.failingSink(topic, 1, 10));
    JsonNode status = admin().awaitTaskState(sink, 0, "FAILED", TIMEOUT);
    assertEquals("RUNNING", status.path("connector").path("state").asText());
    String trace = ConnectorAdmin.task(status, 0).path("trace").asText();
    assertTrue(
        trace.startsWith(
            "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask"),
        trace);
    assertTrue(trace.contains("configured to fail after 10 records"), trace);

    ConnectWorker owner = workerById(ConnectorAdmin.task(status, 0).path("worker_id").asText());
    eventually(
        "connector-task-metrics status failed on " + owner,
        TIMEOUT,
        () ->
            "failed"
                .equals(
                    JolokiaProbe.of(owner)
                        .readString(
                            "kafka.connect:type=connector-task-metrics,connector="
                                + sink
                                + ",task=0",
                            "status")));
  }

  @Test
  void taskFailingInStartHasTraceAndFailedTaskMBean() {
    String name = unique("broken-start");
    create(name, TestConnectors.startFailingSource(1));
    JsonNode status = admin().awaitTaskState(name, 0, "FAILED", TIMEOUT);
    assertEquals("RUNNING", status.path("connector").path("state").asText());
    JsonNode task = ConnectorAdmin.task(status, 0);
    assertTrue(
        task.path("trace").asText().contains("StartFailingSourceTask refuses to start"),
        task.toString());
    // The worker registers task MBeans when it creates the task, before start() runs.
    ConnectWorker owner = workerById(task.path("worker_id").asText());
    eventually(
        "connector-task-metrics status failed on " + owner,
        TIMEOUT,
        () ->
            "failed"
                .equals(
                    JolokiaProbe.of(owner)
                        .readString(
                            "kafka.connect:type=connector-task-metrics,connector="
                                + name
                                + ",task=0",
                            "status")));
  }

  @Test
  void taskThatCannotBeInstantiatedHasNoTaskMBeans() {
    String name = unique("broken-ctor");
    create(name, TestConnectors.constructorFailingSource(1));
    JsonNode status = admin().awaitTaskState(name, 0, "FAILED", TIMEOUT);
    assertEquals("RUNNING", status.path("connector").path("state").asText());
    JsonNode task = ConnectorAdmin.task(status, 0);
    assertTrue(
        task.path("trace").asText().contains("ConstructorFailingTask cannot be instantiated"),
        task.toString());
    ConnectorAdmin.sleep(2000); // give a late registration the chance to show up
    assertEquals(List.of(), taskMBeansEverywhere(name));
  }

  /** Names of task-level MBeans of {@code connector} on every live worker. */
  static List<String> taskMBeansEverywhere(String connector) {
    List<String> names = new java.util.ArrayList<>();
    for (ConnectWorker w : cluster().workers()) {
      if (w.isAlive()) {
        for (String n : JolokiaProbe.of(w).search("kafka.connect:connector=" + connector + ",*")) {
          if (n.contains("task=")) {
            names.add(w.workerId() + " " + n);
          }
        }
      }
    }
    return names;
  }
}
