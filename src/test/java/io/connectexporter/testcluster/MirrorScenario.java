package io.connectexporter.testcluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MirrorMaker 2 on the test cluster, run as connectors of the Connect cluster itself (the
 * "dedicated Connect cluster" deployment): a {@code MirrorSourceConnector} and a {@code
 * MirrorCheckpointConnector} replicate a topic ({@code <prefix>-orders}, {@value #PARTITIONS}
 * partitions) between two aliases, {@value #SOURCE_ALIAS} and {@value #TARGET_ALIAS}, which are
 * both the one test broker. With the default replication policy the copy is {@code
 * primary.<prefix>-orders}.
 *
 * <p>Traffic comes from our rate source ({@code <prefix>-feed}); a sink ({@code
 * <prefix>-feed-sink}) consumes the source topic so that its consumer group has offsets for the
 * checkpoint connector to translate. No {@code MirrorHeartbeatConnector}: it has no metrics, and on
 * one broker its topic would be mirrored into itself. Intervals are shortened so that records,
 * offset syncs and checkpoints flow within seconds. The Mirror connectors come from {@code
 * connect-mirror} on the workers' class path (assembled by {@code src/test/cluster/pom.xml}, as in
 * Kafka's distribution).
 */
public final class MirrorScenario {

  public static final String SOURCE_ALIAS = "primary";
  public static final String TARGET_ALIAS = "backup";

  /**
   * Partitions of the source topic. The rate source keys its records by task id ("0", "1"), so at
   * most two partitions get records: at least one stays empty, as idle partitions do in real flows.
   */
  public static final int PARTITIONS = 3;

  /**
   * Replicates {@code mirror-orders}; its connectors are {@code mirror-feed}, {@code
   * mirror-source}, ...
   */
  public static final MirrorScenario DEFAULT = named("mirror");

  /** Source topic, replicated as {@link #replicatedTopic()}. */
  private final String topic;

  /** Rate source writing the topic. */
  private final String feed;

  /** Sink reading the topic; its group is the one the checkpoints are about. */
  private final String feedSink;

  private final String sourceConnector;
  private final String checkpointConnector;

  private MirrorScenario(String prefix) {
    this.topic = prefix + "-orders";
    this.feed = prefix + "-feed";
    this.feedSink = prefix + "-feed-sink";
    this.sourceConnector = prefix + "-source";
    this.checkpointConnector = prefix + "-checkpoint";
  }

  /**
   * A scenario whose topic and connector names start with {@code prefix} (unique on a shared
   * cluster).
   */
  public static MirrorScenario named(String prefix) {
    return new MirrorScenario(prefix);
  }

  public String topic() {
    return topic;
  }

  /** The copy on the target: {@code primary.<topic>} (default replication policy). */
  public String replicatedTopic() {
    return SOURCE_ALIAS + "." + topic;
  }

  /** Sink connectors consume as {@code connect-<connector name>}. */
  public String group() {
    return "connect-" + feedSink;
  }

  public String feed() {
    return feed;
  }

  public String sourceConnector() {
    return sourceConnector;
  }

  public String checkpointConnector() {
    return checkpointConnector;
  }

  /** Every connector of the scenario. */
  public List<String> connectors() {
    return List.of(checkpointConnector, sourceConnector, feedSink, feed);
  }

  public static final String MIRROR_PACKAGE = "org.apache.kafka.connect.mirror.";

  /** The JMX domain of every MirrorMaker 2 metric. */
  public static final String MBEAN_DOMAIN = "kafka.connect.mirror";

  public static final String SOURCE_MBEANS = MBEAN_DOMAIN + ":type=MirrorSourceConnector,*";
  public static final String CHECKPOINT_MBEANS = MBEAN_DOMAIN + ":type=MirrorCheckpointConnector,*";

  /**
   * Creates the feed, its sink and the two Mirror connectors on {@code cluster}, then waits until
   * records were replicated (a source-connector MBean counts some on a worker) and a checkpoint was
   * written (a checkpoint-connector MBean exists).
   */
  public void apply(ConnectCluster cluster, Duration timeout) {
    ConnectorAdmin admin = cluster.admin();
    String bootstrap = cluster.bootstrapServers();
    Map<String, String> feedConfig = TestConnectors.rateSource(topic, 10, 2);
    feedConfig.put("topic.creation.default.partitions", String.valueOf(PARTITIONS));
    feedConfig.put("topic.creation.default.replication.factor", "1");
    admin.create(feed, feedConfig);
    admin.awaitTasksRunning(feed, 2, timeout); // creates the topic before the others look for it
    admin.create(feedSink, TestConnectors.sink(topic, 1));
    admin.create(sourceConnector, sourceConnectorConfig(bootstrap));
    admin.create(checkpointConnector, checkpointConnectorConfig(bootstrap));
    admin.awaitTasksRunning(feedSink, 1, timeout);
    admin.awaitTasksRunning(sourceConnector, 1, timeout);
    // The checkpoint connector has no task until it has seen a consumer group to checkpoint.
    admin.awaitTasksRunning(checkpointConnector, 1, timeout);
    awaitMBean(cluster, sourceMBeans(), "record-count", timeout);
    awaitMBean(cluster, checkpointMBeans(), null, timeout);
  }

  /** Deletes every connector of the scenario (the topics stay). */
  public void remove(ConnectorAdmin admin) {
    for (String name : connectors()) {
      admin.deleteQuietly(name);
    }
  }

  /** The source connector's MBeans of this scenario's replicated topic, one per partition. */
  public String sourceMBeans() {
    return MBEAN_DOMAIN + ":type=MirrorSourceConnector,topic=" + replicatedTopic() + ",*";
  }

  /** The checkpoint connector's MBeans of this scenario's group, one per replicated partition. */
  public String checkpointMBeans() {
    return MBEAN_DOMAIN + ":type=MirrorCheckpointConnector,group=" + group() + ",*";
  }

  /** Config of the connector that copies the topic to {@link #replicatedTopic()}. */
  public Map<String, String> sourceConnectorConfig(String bootstrap) {
    Map<String, String> c = common("MirrorSourceConnector", bootstrap);
    c.put("topics", topic);
    c.put("refresh.topics.interval.seconds", "1");
    c.put("sync.topic.configs.enabled", "false");
    c.put("sync.topic.acls.enabled", "false");
    c.put("replication.factor", "1");
    c.put("offset-syncs.topic.replication.factor", "1");
    c.put(
        "offset.lag.max", "10"); // an offset sync every 10 records: checkpoints can translate soon
    // Both aliases are the same broker: replicating heartbeats topics would copy primary.heartbeats
    // to primary.primary.heartbeats and so on without end (isCycle only sees the target alias).
    c.put("heartbeats.replication.enabled", "false");
    return c;
  }

  /** Config of the connector that translates {@link #group()}'s offsets into checkpoints. */
  public Map<String, String> checkpointConnectorConfig(String bootstrap) {
    Map<String, String> c = common("MirrorCheckpointConnector", bootstrap);
    c.put("topics", topic);
    c.put("groups", group());
    c.put("groups.exclude", "__.*"); // the default also excludes connect-.*, i.e. our sink's group
    c.put("refresh.groups.interval.seconds", "1");
    c.put("emit.checkpoints.interval.seconds", "1");
    c.put("sync.group.offsets.enabled", "false");
    c.put("checkpoints.topic.replication.factor", "1");
    c.put("offset-syncs.topic.replication.factor", "1");
    return c;
  }

  private static Map<String, String> common(String connectorClass, String bootstrap) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", MIRROR_PACKAGE + connectorClass);
    c.put("tasks.max", "1");
    c.put("source.cluster.alias", SOURCE_ALIAS);
    c.put("target.cluster.alias", TARGET_ALIAS);
    c.put("source.cluster.bootstrap.servers", bootstrap);
    c.put("target.cluster.bootstrap.servers", bootstrap);
    c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    c.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    return c;
  }

  /**
   * Waits until some worker has an MBean matching {@code pattern} (and, when {@code
   * positiveAttribute} is given, one whose attribute is above zero); returns the names found.
   */
  public static List<String> awaitMBean(
      ConnectCluster cluster, String pattern, String positiveAttribute, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<String> found = new ArrayList<>();
      for (ConnectWorker w : cluster.workers()) {
        JolokiaProbe probe = JolokiaProbe.of(w);
        for (String name : probe.search(pattern)) {
          JsonNode value = positiveAttribute == null ? null : probe.read(name, positiveAttribute);
          if (positiveAttribute == null || (value != null && value.asDouble() > 0)) {
            found.add(name);
          }
        }
      }
      if (!found.isEmpty()) {
        return found;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no MBean "
                + pattern
                + (positiveAttribute == null ? "" : " with " + positiveAttribute + " > 0")
                + " on any worker after "
                + timeout);
      }
      ConnectorAdmin.sleep(500);
    }
  }
}
