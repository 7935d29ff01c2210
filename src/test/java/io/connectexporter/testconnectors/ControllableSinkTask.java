package io.connectexporter.testconnectors;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

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
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        for (SinkRecord r : records) {
            received++;
            if (poison != null && Objects.equals(poison, String.valueOf(r.value()))) {
                throw new ConnectException("poison record at " + r.topic() + "-" + r.kafkaPartition()
                        + "@" + r.kafkaOffset() + ": " + r.value());
            }
            if (failAfter >= 0 && received > failAfter) {
                throw new ConnectException("ControllableSinkTask configured to fail after " + failAfter
                        + " records (at " + r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset() + ")");
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
    public void stop() {
    }

    @Override
    public String version() {
        return Versions.VERSION;
    }
}
