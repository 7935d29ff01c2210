package io.connectexporter.testconnectors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

public class ControllableSinkTask extends SinkTask {

  private long delayMs;
  private long failAfter;
  private String poison;
  private long received;

  @Override
  public void start(Map<String, String> props) {
    AbstractConfig config = new AbstractConfig(ControllableSinkConnector.CONFIG, props);
    delayMs = config.getLong(ControllableSinkConnector.DELAY_PER_BATCH_MS);
    failAfter = config.getLong(ControllableSinkConnector.FAIL_AFTER_RECORDS);
    poison = config.getString(ControllableSinkConnector.POISON_VALUE);
    int failStarts = config.getInt(ControllableSinkConnector.FAIL_STARTS);
    if (failStarts > 0) {
      String counter = config.getString(ControllableSinkConnector.FAIL_STARTS_COUNTER);
      if (counter == null) {
        throw new ConnectException(
            ControllableSinkConnector.FAIL_STARTS_COUNTER
                + " is required with "
                + ControllableSinkConnector.FAIL_STARTS);
      }
      int start = countStart(Path.of(counter));
      if (start <= failStarts) {
        throw new ConnectException(
            "ControllableSinkTask configured to fail its first "
                + failStarts
                + " starts (this is start "
                + start
                + ")");
      }
    }
  }

  /**
   * Adds one to the count in the file and returns it. Locked against the other worker JVM (file
   * lock) and against other tasks of this one (a JVM may not hold two locks on one file).
   */
  private static synchronized int countStart(Path file) {
    try (FileChannel channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text =
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
      int count = (text.isEmpty() ? 0 : Integer.parseInt(text)) + 1;
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(String.valueOf(count).getBytes(StandardCharsets.US_ASCII)), 0);
      return count;
    } catch (IOException e) {
      throw new ConnectException("cannot count starts in " + file, e);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    for (SinkRecord r : records) {
      received++;
      if (poison != null && Objects.equals(poison, String.valueOf(r.value()))) {
        throw new ConnectException(
            "poison record at "
                + r.topic()
                + "-"
                + r.kafkaPartition()
                + "@"
                + r.kafkaOffset()
                + ": "
                + r.value());
      }
      if (failAfter >= 0 && received > failAfter) {
        throw new ConnectException(
            "ControllableSinkTask configured to fail after "
                + failAfter
                + " records (at "
                + r.topic()
                + "-"
                + r.kafkaPartition()
                + "@"
                + r.kafkaOffset()
                + ")");
      }
    }
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void stop() {}

  @Override
  public String version() {
    return Versions.VERSION;
  }
}
