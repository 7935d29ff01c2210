package io.connectexporter.testconnectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * A sink that drops what it receives, optionally slowly ({@code delay.per.batch.ms}) or failing
 * ({@code fail.after.records}, {@code poison.value}: the task throws a ConnectException and turns
 * FAILED with a trace), or failing its first starts and then working ({@code fail.starts} with
 * {@code fail.starts.counter}: a restart brings it back).
 */
public class ControllableSinkConnector extends SinkConnector {

  public static final String DELAY_PER_BATCH_MS = "delay.per.batch.ms";
  public static final String FAIL_AFTER_RECORDS = "fail.after.records";
  public static final String POISON_VALUE = "poison.value";
  public static final String FAIL_STARTS = "fail.starts";
  public static final String FAIL_STARTS_COUNTER = "fail.starts.counter";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              DELAY_PER_BATCH_MS,
              ConfigDef.Type.LONG,
              0L,
              ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.MEDIUM,
              "Sleep this long in every put() that receives records.")
          .define(
              FAIL_AFTER_RECORDS,
              ConfigDef.Type.LONG,
              -1L,
              ConfigDef.Range.atLeast(-1),
              ConfigDef.Importance.MEDIUM,
              "Fail the task once it has received more than this many records; -1 never.")
          .define(
              POISON_VALUE,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.MEDIUM,
              "Fail the task when a record with exactly this value arrives.")
          .define(
              FAIL_STARTS,
              ConfigDef.Type.INT,
              0,
              ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.MEDIUM,
              "Fail this many task starts (in start()), counted across tasks,"
                  + " restarts and workers in "
                  + FAIL_STARTS_COUNTER
                  + "; later starts work.")
          .define(
              FAIL_STARTS_COUNTER,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.MEDIUM,
              "File counting the starts (workers of a test cluster share"
                  + " the file system); required with "
                  + FAIL_STARTS
                  + ".");

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    CONFIG.parse(props);
    this.props = new HashMap<>(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ControllableSinkTask.class;
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
}
