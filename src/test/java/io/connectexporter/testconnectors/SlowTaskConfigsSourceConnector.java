package io.connectexporter.testconnectors;

import java.util.List;
import java.util.Map;

/**
 * A {@link RateSourceConnector} whose {@code taskConfigs} takes {@code task.configs.delay.ms}.
 * Connect calls it on the herder's own thread ("generating task configs for connector X"), so for
 * that long the worker running the connector handles no request: its {@code GET /health} answers
 * 500 "unhealthy", as with a real connector whose task planning hangs on an external system.
 */
public class SlowTaskConfigsSourceConnector extends RateSourceConnector {

  public static final String TASK_CONFIGS_DELAY_MS = "task.configs.delay.ms";

  private long delayMs;

  @Override
  public void start(Map<String, String> props) {
    super.start(props);
    delayMs = Long.parseLong(props.getOrDefault(TASK_CONFIGS_DELAY_MS, "0"));
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return super.taskConfigs(maxTasks);
  }
}
