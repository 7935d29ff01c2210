package io.connectexporter.testconnectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Emits {@code <topic>-<task>-<seq>} strings at a fixed rate; the offset is the sequence number.
 */
public class RateSourceTask extends SourceTask {

  private static final long MAX_SLEEP_MS = 100;

  private String topic;
  private double perSecond;
  private Map<String, ?> partition;
  private long seq;
  private long startNanos;
  private long emittedSinceStart;
  private volatile boolean stopping;

  @Override
  public void start(Map<String, String> props) {
    AbstractConfig config = new AbstractConfig(RateSourceConnector.CONFIG, props);
    topic = config.getString(RateSourceConnector.TOPIC);
    perSecond = config.getDouble(RateSourceConnector.RECORDS_PER_SECOND);
    String taskId = props.getOrDefault(RateSourceConnector.TASK_ID, "0");
    partition = Map.of("task", taskId);
    Map<String, Object> offset = context.offsetStorageReader().offset(partition);
    if (offset != null && offset.get("seq") instanceof Number n) {
      seq = n.longValue() + 1;
    }
    startNanos = System.nanoTime();
    emittedSinceStart = 0;
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long due = (long) ((System.nanoTime() - startNanos) / 1e9 * perSecond) + 1;
    long missing = due - emittedSinceStart;
    if (missing <= 0) {
      long nextDueNanos = startNanos + (long) ((emittedSinceStart) / perSecond * 1e9);
      long sleepMs =
          Math.min(MAX_SLEEP_MS, Math.max(1, (nextDueNanos - System.nanoTime()) / 1_000_000));
      Thread.sleep(sleepMs);
      return null;
    }
    if (stopping) {
      return null;
    }
    int n = (int) Math.min(missing, 1000);
    List<SourceRecord> records = new ArrayList<>(n);
    String taskId = (String) partition.get("task");
    for (int i = 0; i < n; i++) {
      records.add(
          new SourceRecord(
              partition,
              Map.of("seq", seq),
              topic,
              null,
              Schema.STRING_SCHEMA,
              taskId,
              Schema.STRING_SCHEMA,
              topic + "-" + taskId + "-" + seq));
      seq++;
    }
    emittedSinceStart += n;
    return records;
  }

  @Override
  public void stop() {
    stopping = true;
  }

  @Override
  public String version() {
    return Versions.VERSION;
  }
}
