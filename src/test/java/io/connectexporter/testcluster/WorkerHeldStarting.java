package io.connectexporter.testcluster;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker held in Connect's "starting" state for as long as a test needs, the way it happens in
 * production: a worker with exactly-once source support reads its config topic {@code
 * read_committed} to the end before it starts, and a transaction left open on that topic (a
 * producer that died mid-transaction) keeps the end out of reach until the transaction is aborted
 * or times out. The worker is the only member of a Connect cluster of its own on the shared broker
 * ({@link ConnectCluster#startWorkerOfOwnGroup}), so other tests' workers are not touched. Until
 * {@link #release()} its herder stays in "initializing and reading to the end of internal topics".
 */
public final class WorkerHeldStarting implements AutoCloseable {

  private final ConnectWorker worker;
  private final KafkaProducer<String, String> openTransaction;
  private boolean released;

  private WorkerHeldStarting(ConnectWorker worker, KafkaProducer<String, String> openTransaction) {
    this.worker = worker;
    this.openTransaction = openTransaction;
  }

  /**
   * Opens the transaction on {@code <name>-configs}, then starts the worker (without waiting for
   * it).
   */
  public static WorkerHeldStarting start(ConnectCluster cluster, String name) {
    String configTopic = name + "-configs";
    Properties common = new Properties();
    common.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(common)) {
      // Connect requires a compacted config topic with one partition.
      admin
          .createTopics(
              List.of(
                  new NewTopic(configTopic, 1, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create " + configTopic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Properties producer = new Properties();
    producer.putAll(common);
    producer.put("transactional.id", name + "-hanging-transaction");
    producer.put("transaction.timeout.ms", "900000"); // the broker's maximum by default
    producer.put("key.serializer", StringSerializer.class.getName());
    producer.put("value.serializer", StringSerializer.class.getName());
    KafkaProducer<String, String> p = new KafkaProducer<>(producer);
    try {
      p.initTransactions();
      p.beginTransaction();
      // Aborted later, so never read: its content does not matter.
      p.send(new ProducerRecord<>(configTopic, "hanging-transaction", "never committed")).get();
    } catch (ExecutionException e) {
      p.close();
      throw new IllegalStateException(
          "cannot write the open transaction to " + configTopic, e.getCause());
    } catch (InterruptedException e) {
      p.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    ConnectWorker worker =
        cluster.startWorkerOfOwnGroup(name, Map.of("exactly.once.source.support", "enabled"));
    return new WorkerHeldStarting(worker, p);
  }

  public ConnectWorker worker() {
    return worker;
  }

  /** Aborts the open transaction: the worker finishes starting (about 2 s here). */
  public synchronized void release() {
    if (!released) {
      released = true;
      openTransaction.abortTransaction();
      openTransaction.close();
    }
  }

  /** Releases the worker if not done yet and stops it. */
  @Override
  public void close() {
    try {
      release();
    } finally {
      worker.stop();
    }
  }
}
