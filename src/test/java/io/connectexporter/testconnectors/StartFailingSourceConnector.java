package io.connectexporter.testconnectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source connector that starts fine but whose tasks fail to start: with {@code fail.in=start}
 * (default) the task's {@code start()} throws (the worker has already registered the task's MBeans,
 * which stay with status "failed"); with {@code fail.in=constructor} the task class cannot even be
 * instantiated, so the task is FAILED in REST and has no task MBeans at all.
 */
public class StartFailingSourceConnector extends SourceConnector {

  public static final String MESSAGE = "message";
  public static final String FAIL_IN = "fail.in";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              MESSAGE,
              ConfigDef.Type.STRING,
              "StartFailingSourceTask refuses to start",
              ConfigDef.Importance.LOW,
              "Message of the exception thrown by the task's start().")
          .define(
              FAIL_IN,
              ConfigDef.Type.STRING,
              "start",
              ConfigDef.ValidString.in("start", "constructor"),
              ConfigDef.Importance.LOW,
              "Where the task fails: in start() or in its constructor.");

  private Class<? extends org.apache.kafka.connect.connector.Task> taskClass = Task.class;

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    Map<String, Object> parsed = CONFIG.parse(props);
    this.props = new HashMap<>(props);
    taskClass =
        "constructor".equals(parsed.get(FAIL_IN)) ? ConstructorFailingTask.class : Task.class;
  }

  @Override
  public Class<? extends org.apache.kafka.connect.connector.Task> taskClass() {
    return taskClass;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(new HashMap<>(props));
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public String version() {
    return Versions.VERSION;
  }

  /** Throws in {@code start()}. */
  public static class Task extends SourceTask {
    @Override
    public void start(Map<String, String> props) {
      throw new ConnectException(
          props.getOrDefault(MESSAGE, "StartFailingSourceTask refuses to start"));
    }

    @Override
    public List<SourceRecord> poll() {
      return null;
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
      return Versions.VERSION;
    }
  }

  /** Cannot be instantiated: the worker fails the task before creating any of its metrics. */
  public static class ConstructorFailingTask extends Task {
    public ConstructorFailingTask() {
      throw new ConnectException("ConstructorFailingTask cannot be instantiated");
    }
  }
}
