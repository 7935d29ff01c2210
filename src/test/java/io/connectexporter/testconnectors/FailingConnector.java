package io.connectexporter.testconnectors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

/** A source connector whose own {@code start()} throws: the connector turns FAILED, no tasks. */
public class FailingConnector extends SourceConnector {

  public static final String MESSAGE = "message";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              MESSAGE,
              ConfigDef.Type.STRING,
              "FailingConnector refuses to start",
              ConfigDef.Importance.LOW,
              "Message of the exception thrown by start().");

  @Override
  public void start(Map<String, String> props) {
    throw new ConnectException(props.getOrDefault(MESSAGE, "FailingConnector refuses to start"));
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RateSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of();
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
}
