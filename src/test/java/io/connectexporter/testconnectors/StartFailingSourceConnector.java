package io.connectexporter.testconnectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A source connector that starts fine but whose tasks throw in {@code start()}. */
public class StartFailingSourceConnector extends SourceConnector {

    public static final String MESSAGE = "message";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(MESSAGE, ConfigDef.Type.STRING, "StartFailingSourceTask refuses to start",
                    ConfigDef.Importance.LOW, "Message of the exception thrown by the task's start().");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return Task.class;
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
    public void stop() {
    }

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
            throw new ConnectException(props.getOrDefault(MESSAGE, "StartFailingSourceTask refuses to start"));
        }

        @Override
        public List<SourceRecord> poll() {
            return null;
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return Versions.VERSION;
        }
    }
}
