package io.connectexporter.testconnectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/** Produces string records to {@code topic} at {@code records.per.second} per task. */
public class RateSourceConnector extends SourceConnector {

  public static final String TOPIC = "topic";
  public static final String RECORDS_PER_SECOND = "records.per.second";
  public static final String TASK_ID = "task.id";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              TOPIC,
              ConfigDef.Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.HIGH,
              "Topic to write to.")
          .define(
              RECORDS_PER_SECOND,
              ConfigDef.Type.DOUBLE,
              10.0,
              ConfigDef.Range.between(0.001, 100_000),
              ConfigDef.Importance.MEDIUM,
              "Records per second, per task.");

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    CONFIG.parse(props);
    this.props = new HashMap<>(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RateSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> c = new HashMap<>(props);
      c.put(TASK_ID, String.valueOf(i));
      configs.add(c);
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
}
