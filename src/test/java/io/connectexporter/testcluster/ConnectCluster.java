package io.connectexporter.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A real Kafka Connect cluster for tests and the demo: one KRaft broker (combined broker and
 * controller) and N distributed-mode workers, each its own JVM bound to 127.0.0.1, each worker
 * carrying the Jolokia JVM agent. Jars come from {@code <cluster.dir>} (assembled by the build);
 * everything a run writes goes to {@link #runDir()}.
 *
 * <p>Every child JVM is started through {@code ParentWatchdog}, so it also dies when this JVM is
 * killed. {@link #close()} (also run by a shutdown hook) stops exactly the processes started here:
 * workers first, then the broker; SIGTERM, SIGKILL after a timeout.
 */
public final class ConnectCluster implements AutoCloseable {

  public static final String DEFAULT_KAFKA_VERSION = "4.3.1";
  static final String SHARED_WORKERS_PROPERTY = "connect.workers";

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static ConnectCluster shared;

  private final Builder config;
  private final Path clusterDir;
  private final Path runDir;
  private final Path libsDir;
  private final Path watchdogJar;
  private final Path jolokiaJar;
  private final ChildJvm broker;
  private final int brokerPort;
  private final int controllerPort;
  private final List<ConnectWorker> workers = new ArrayList<>();

  /** JVMs that only host a Jolokia agent ({@link #startJolokiaOnly}). */
  private final List<ChildJvm> agentOnly = new ArrayList<>();

  /** Workers of their own Connect groups on this broker ({@link #startWorkerOfOwnGroup}). */
  private final List<ConnectWorker> ownGroupWorkers = new ArrayList<>();

  private final HttpClient http;
  private final Thread shutdownHook;
  private volatile boolean closed;
  private Duration startupTime;

  // ------------------------------------------------------------------ entry points

  /**
   * The cluster shared by all tests of this JVM: started on first use (2 workers, Kafka version
   * from system property {@code kafka.version}, default 4.3.1), closed by a shutdown hook.
   */
  public static synchronized ConnectCluster shared() {
    if (shared == null || shared.closed) {
      shared = builder().workers(Integer.getInteger(SHARED_WORKERS_PROPERTY, 2)).build();
    }
    return shared;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a cluster; {@link #build()} starts it. */
  public static final class Builder {
    private int workers = 2;
    private String kafkaVersion = System.getProperty("kafka.version", DEFAULT_KAFKA_VERSION);
    private final Map<String, String> workerProperties = new LinkedHashMap<>();
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private boolean jmxRemote;
    private Path clusterDir = Path.of(System.getProperty("cluster.dir", "target/cluster"));
    private String brokerHeap = "512m";
    private String workerHeap = "384m";
    private Duration startupTimeout = Duration.ofSeconds(120);
    private WorkerSecurity security;
    private IntFunction<List<String>> extraWorkerJvmArgs = i -> List.of();

    private Builder() {}

    /**
     * Every worker's REST listener on HTTPS with required client certificates and basic auth, and
     * its Jolokia agent on HTTPS with client certificates and a password (see {@link
     * WorkerSecurity}). On Kafka 3.x without REST basic auth: its extension does not resolve for
     * 3.9.2 ({@link WorkerSecurity#hasRestBasicAuth}). One worker only: forwarding between workers
     * needs certificates that {@link io.connectexporter.tls.TestPki} does not issue (see {@link
     * WorkerSecurity}).
     */
    public Builder secured(WorkerSecurity security) {
      this.security = security;
      return this;
    }

    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("at least one worker");
      }
      this.workers = n;
      return this;
    }

    public Builder kafkaVersion(String version) {
      this.kafkaVersion = version;
      return this;
    }

    /** Added to (or overriding) every worker's properties. */
    public Builder workerProperty(String key, String value) {
      workerProperties.put(key, value);
      return this;
    }

    public Builder workerProperties(Map<String, String> props) {
      workerProperties.putAll(props);
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    /** Opens unauthenticated remote JMX on 127.0.0.1 on a free port per worker. */
    public Builder jmxRemote(boolean enabled) {
      this.jmxRemote = enabled;
      return this;
    }

    /**
     * More JVM arguments for worker {@code i} (0-based), e.g. another Java agent with a port of its
     * own: the benchmark against the Prometheus JMX exporter runs its agent inside each worker.
     */
    public Builder extraWorkerJvmArgs(IntFunction<List<String>> argsOfWorker) {
      this.extraWorkerJvmArgs = argsOfWorker;
      return this;
    }

    public Builder clusterDir(Path dir) {
      this.clusterDir = dir;
      return this;
    }

    public Builder workerHeap(String heap) {
      this.workerHeap = heap;
      return this;
    }

    public Builder brokerHeap(String heap) {
      this.brokerHeap = heap;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Starts the cluster and waits until every process answers. */
    public ConnectCluster build() {
      if (security != null && workers > 1) {
        throw new IllegalArgumentException(
            "a secured test cluster has one worker: the workers' certificates"
                + " are for servers only, and forwarding between workers needs client use too");
      }
      ConnectCluster cluster = new ConnectCluster(this);
      try {
        cluster.start();
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
  }

  // ------------------------------------------------------------------ set-up

  private ConnectCluster(Builder config) {
    this.config = config;
    this.clusterDir = config.clusterDir.toAbsolutePath().normalize();
    this.libsDir = clusterDir.resolve("kafka-" + config.kafkaVersion).resolve("libs");
    this.watchdogJar = clusterDir.resolve("watchdog").resolve("watchdog-watchdog.jar");
    this.jolokiaJar = clusterDir.resolve("jolokia").resolve("jolokia-agent.jar");
    checkJars();

    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    this.runDir =
        clusterDir.resolve(
            "run-"
                + config.kafkaVersion
                + "-"
                + stamp
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + SEQ.incrementAndGet());
    try {
      Files.createDirectories(runDir);
      writeLogConfigs();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    this.http =
        (config.security == null
                ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                : config.security.httpClient())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.brokerPort = Ports.free();
    this.controllerPort = Ports.free();
    Path brokerProps = runDir.resolve("broker.properties");
    writeProperties(brokerProps, brokerProperties());
    this.broker =
        new ChildJvm(
            "broker",
            classpath(),
            commonJvmArgs("broker", config.brokerHeap),
            "kafka.Kafka",
            List.of(brokerProps.toString()),
            runDir.resolve("broker.log"));

    for (int i = 0; i < config.workers; i++) {
      workers.add(newWorker(i, "worker-" + i, Map.of()));
    }

    this.shutdownHook = new Thread(this::close, "connect-cluster-shutdown-" + runDir.getFileName());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private ConnectWorker newWorker(int index, String name, Map<String, String> overrides) {
    int rest = Ports.free();
    int jolokia = Ports.free();
    int jmx = config.jmxRemote ? Ports.free() : -1;
    Path props = runDir.resolve(name + ".properties");
    Map<String, String> properties = workerProperties(rest);
    properties.putAll(overrides);
    writeProperties(props, properties);
    List<String> jvmArgs = new ArrayList<>(commonJvmArgs(name, config.workerHeap));
    if (config.security == null) {
      jvmArgs.add(
          "-javaagent:"
              + jolokiaJar
              + "=host=127.0.0.1,port="
              + jolokia
              + ",discoveryEnabled=false");
    } else {
      jvmArgs.addAll(config.security.workerJvmArgs(runDir, config.kafkaVersion));
      jvmArgs.add(
          "-javaagent:"
              + jolokiaJar
              + "="
              + config.security.jolokiaAgentOptions(runDir, name, jolokia));
    }
    jvmArgs.addAll(config.extraWorkerJvmArgs.apply(index));
    if (jmx > 0) {
      jvmArgs.addAll(
          List.of(
              "-Dcom.sun.management.jmxremote.port=" + jmx,
              "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false",
              "-Dcom.sun.management.jmxremote.host=127.0.0.1",
              "-Djava.rmi.server.hostname=127.0.0.1"));
    }
    ChildJvm jvm =
        new ChildJvm(
            name,
            classpath(),
            jvmArgs,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            List.of(props.toString()),
            runDir.resolve(name + ".log"));
    return new ConnectWorker(
        this, index, config.security == null ? "http" : "https", rest, jolokia, jmx, jvm);
  }

  private void checkJars() {
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(libsDir.resolve("kafka_2.13-" + config.kafkaVersion + ".jar"))) {
      missing.add(libsDir + "/kafka_2.13-" + config.kafkaVersion + ".jar");
    }
    if (!Files.isRegularFile(watchdogJar)) {
      missing.add(watchdogJar.toString());
    }
    if (!Files.isRegularFile(jolokiaJar)) {
      missing.add(jolokiaJar.toString());
    }
    Path plugin = clusterDir.resolve("plugins/test-connectors/test-connectors-plugin.jar");
    if (!Files.isRegularFile(plugin)) {
      missing.add(plugin.toString());
    }
    if (config.security != null
        && WorkerSecurity.hasRestBasicAuth(config.kafkaVersion)
        && !Files.isRegularFile(
            libsDir.resolve("connect-basic-auth-extension-" + config.kafkaVersion + ".jar"))) {
      missing.add(
          libsDir
              + "/connect-basic-auth-extension-"
              + config.kafkaVersion
              + ".jar (REST basic auth, Kafka 4.x only)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The test cluster's jars are missing: "
              + missing
              + ". Build them with `mvn package -DskipTests` (assembles Kafka "
              + DEFAULT_KAFKA_VERSION
              + " and 3.9.2, the Jolokia agent, the watchdog and test-connector jars under "
              + clusterDir
              + "), or for one Kafka version only: `mvn -f src/test/cluster/pom.xml package -Dkafka.version="
              + config.kafkaVersion
              + (config.kafkaVersion.startsWith("3.") ? " -DlegacyLogging=true" : "")
              + " -Dcluster.dir="
              + clusterDir
              + "` plus `mvn test-compile jar:jar@test-connectors-plugin"
              + " jar:jar@cluster-watchdog`.");
    }
  }

  private List<String> classpath() {
    return List.of(libsDir + "/*", watchdogJar.toString());
  }

  private List<String> commonJvmArgs(String name, String heap) {
    return List.of(
        "-Xms64m",
        "-Xmx" + heap,
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true",
        "-Djava.net.preferIPv4Stack=true",
        "-Dlog4j2.configurationFile=" + runDir.resolve("log4j2.properties"),
        "-Dlog4j.configuration=file:" + runDir.resolve("log4j.properties"),
        "-Dkafka.logs.dir=" + runDir,
        "-Dtest.cluster.process=" + name);
  }

  private void writeLogConfigs() throws IOException {
    // Kafka 4.x: log4j2. Everything goes to stdout, which the launcher appends to <process>.log.
    Files.writeString(
        runDir.resolve("log4j2.properties"),
        String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.reflections.name = org.reflections",
            "logger.reflections.level = ERROR",
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = WARN",
            "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
            "logger.config.level = WARN",
            "logger.jetty.name = org.eclipse.jetty",
            "logger.jetty.level = WARN",
            ""),
        StandardCharsets.UTF_8);
    // Kafka 3.x: reload4j.
    Files.writeString(
        runDir.resolve("log4j.properties"),
        String.join(
            "\n",
            "log4j.rootLogger=INFO, out",
            "log4j.appender.out=org.apache.log4j.ConsoleAppender",
            "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.org.reflections=ERROR",
            "log4j.logger.org.apache.kafka.clients=WARN",
            "log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN",
            "log4j.logger.org.eclipse.jetty=WARN",
            "log4j.logger.kafka.request.logger=WARN",
            ""),
        StandardCharsets.UTF_8);
  }

  private Map<String, String> brokerProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", runDir.resolve("broker-data").toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "true");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.flush.interval.messages", "100000");
    p.put("num.io.threads", "2");
    p.put("num.network.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.putAll(config.brokerProperties);
    return p;
  }

  private Map<String, String> workerProperties(int restPort) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    p.put("group.id", "connect-test-cluster");
    p.put("config.storage.topic", "connect-configs");
    p.put("offset.storage.topic", "connect-offsets");
    p.put("status.storage.topic", "connect-status");
    p.put("config.storage.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    p.put("offset.storage.partitions", "5");
    p.put("status.storage.partitions", "2");
    p.put("listeners", "http://127.0.0.1:" + restPort);
    p.put("rest.advertised.host.name", "127.0.0.1");
    p.put("rest.advertised.port", String.valueOf(restPort));
    p.put("rest.advertised.listener", "http");
    p.put("plugin.path", clusterDir.resolve("plugins").toString());
    p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.put("offset.flush.interval.ms", "2000");
    p.put("scheduled.rebalance.max.delay.ms", "5000");
    p.put("session.timeout.ms", "6000");
    p.put("heartbeat.interval.ms", "1500");
    p.put("rebalance.timeout.ms", "20000");
    p.put("task.shutdown.graceful.timeout.ms", "3000");
    p.put("connector.client.config.override.policy", "All");
    if (config.security != null) {
      p.putAll(config.security.workerProperties(restPort, config.kafkaVersion));
    }
    p.putAll(config.workerProperties);
    return p;
  }

  private static void writeProperties(Path file, Map<String, String> props) {
    Properties p = new Properties();
    p.putAll(props);
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "written by ConnectCluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start() {
    Instant t0 = Instant.now();
    log(
        "starting Kafka "
            + config.kafkaVersion
            + " cluster with "
            + workers.size()
            + " worker(s) in "
            + runDir);

    ChildJvm format =
        new ChildJvm(
            "storage-format",
            classpath(),
            commonJvmArgs("storage-format", "256m"),
            "kafka.tools.StorageTool",
            List.of(
                "format",
                "-t",
                randomClusterId(),
                "-c",
                runDir.resolve("broker.properties").toString()),
            runDir.resolve("storage-format.log"));
    format.start();
    recordPids(format);
    int rc = format.awaitExit(Duration.ofSeconds(60));
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting the broker's storage failed with exit code " + rc + "\n" + format.tail(40));
    }

    broker.start();
    recordPids();
    Instant deadline = Instant.now().plus(config.startupTimeout);
    while (!Ports.accepts(brokerPort)) {
      failIfDead(broker);
      if (Instant.now().isAfter(deadline)) {
        throw timeout(broker, "accepting connections on 127.0.0.1:" + brokerPort);
      }
      ConnectorAdmin.sleep(200);
    }
    log(
        "broker up on "
            + bootstrapServers()
            + " after "
            + Duration.between(t0, Instant.now()).toMillis()
            + " ms");

    workers.forEach(w -> w.jvm().start());
    recordPids();
    List<CompletableFuture<Void>> waits =
        workers.stream()
            .map(w -> CompletableFuture.runAsync(() -> awaitWorkerReady(w)))
            .collect(Collectors.toList());
    try {
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
    startupTime = Duration.between(t0, Instant.now());
    log(
        "Kafka "
            + config.kafkaVersion
            + " cluster ready in "
            + startupTime.toMillis()
            + " ms: "
            + workers.stream()
                .map(w -> w.restUrl() + " (jolokia " + w.jolokiaUrl() + ")")
                .collect(Collectors.joining(", ")));
  }

  void awaitWorkerReady(ConnectWorker w) {
    Instant deadline = Instant.now().plus(config.startupTimeout);
    String[] urls = {w.jolokiaUrl() + "/version", w.restUrl() + "/", w.restUrl() + "/connectors"};
    for (String url : urls) {
      while (true) {
        failIfDead(w.jvm());
        if (answers200(
            url, url.startsWith(w.jolokiaUrl()) ? jolokiaAuthorization() : restAuthorization())) {
          break;
        }
        if (Instant.now().isAfter(deadline)) {
          throw timeout(w.jvm(), "answering GET " + url);
        }
        ConnectorAdmin.sleep(250);
      }
    }
  }

  private boolean answers200(String url, String authorization) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void failIfDead(ChildJvm jvm) {
    if (!jvm.isAlive()) {
      throw new IllegalStateException(
          "Kafka "
              + config.kafkaVersion
              + " "
              + jvm.name()
              + " exited with code "
              + jvm.exitCode()
              + " during start-up\n"
              + jvm.tail(40));
    }
  }

  private IllegalStateException timeout(ChildJvm jvm, String what) {
    return new IllegalStateException(
        "Kafka "
            + config.kafkaVersion
            + " "
            + jvm.name()
            + " (pid "
            + jvm.pid()
            + ") not "
            + what
            + " after "
            + config.startupTimeout
            + "\n"
            + jvm.tail(40));
  }

  private static String randomClusterId() {
    // A Kafka cluster id is a base64url-encoded UUID without padding (22 characters). Like
    // Kafka's Uuid.randomUuid(), never start with '-': StorageTool would take "-t -xyz" for an
    // option.
    while (true) {
      UUID uuid = UUID.randomUUID();
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16);
      bb.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bb.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  synchronized void recordPids(ChildJvm... extra) {
    StringBuilder sb = new StringBuilder();
    List<ChildJvm> all = new ArrayList<>(List.of(extra));
    all.add(broker);
    workers.forEach(w -> all.add(w.jvm()));
    for (ChildJvm jvm : all) {
      if (jvm.pid() > 0) {
        sb.append(jvm.name()).append(' ').append(jvm.pid()).append('\n');
      }
    }
    try {
      Files.writeString(
          runDir.resolve("pids"),
          sb.toString(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // informational only
    }
  }

  private static void log(String msg) {
    System.err.println("[test-cluster] " + msg);
  }

  // ------------------------------------------------------------------ accessors

  public String kafkaVersion() {
    return config.kafkaVersion;
  }

  /** {@code 127.0.0.1:<port>} */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public List<ConnectWorker> workers() {
    return Collections.unmodifiableList(workers);
  }

  public ConnectWorker worker(int index) {
    return workers.get(index);
  }

  /** A REST client that uses any live worker for each call. */
  public ConnectorAdmin admin() {
    return admin(
        () ->
            workers.stream()
                .filter(ConnectWorker::isAlive)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no live worker"))
                .restUrl());
  }

  ConnectorAdmin admin(java.util.function.Supplier<String> restUrl) {
    return config.security == null
        ? new ConnectorAdmin(restUrl)
        : new ConnectorAdmin(restUrl, config.security.httpClient(), restAuthorization());
  }

  /** How this cluster's workers are secured, or null. */
  public WorkerSecurity security() {
    return config.security;
  }

  private String restAuthorization() {
    return config.security == null ? null : config.security.restAuthorization();
  }

  private String jolokiaAuthorization() {
    return config.security == null ? null : config.security.jolokiaAuthorization();
  }

  /**
   * Starts one more worker on this cluster's broker, as the only member of a Connect cluster of its
   * own (group {@code name}, internal topics {@code name-configs}, {@code -offsets}, {@code
   * -status}), with {@code overrides} on top of the usual worker properties, and returns at once,
   * without waiting for it to answer: for tests of a worker still starting up. Not in {@link
   * #workers()}; stopped with the cluster.
   */
  public ConnectWorker startWorkerOfOwnGroup(String name, Map<String, String> overrides) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("group.id", name);
    props.put("config.storage.topic", name + "-configs");
    props.put("offset.storage.topic", name + "-offsets");
    props.put("status.storage.topic", name + "-status");
    props.putAll(overrides);
    ConnectWorker worker = newWorker(-1, name, props);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the cluster is closed");
      }
      ownGroupWorkers.add(worker);
    }
    worker.jvm().start();
    recordPids(worker.jvm());
    return worker;
  }

  /**
   * Starts a JVM that runs nothing but a Jolokia agent secured like the workers' but presenting
   * {@code certificate} (e.g. an expired one), stopped with the cluster. Returns its URL, once it
   * accepts connections.
   */
  public String startJolokiaOnly(String name, io.connectexporter.tls.TestPki.Issued certificate) {
    if (config.security == null) {
      throw new IllegalStateException("a Jolokia-only JVM is for secured clusters");
    }
    int port = Ports.free();
    Path options =
        config.security.jolokiaConfig(
            runDir.resolve(name + "-jolokia.properties"), port, certificate);
    ChildJvm jvm =
        new ChildJvm(
            name,
            List.of(watchdogJar.toString()),
            List.of("-Xmx32m", "-javaagent:" + jolokiaJar + "=config=" + options),
            "io.connectexporter.testcluster.watchdog.Idle",
            List.of(),
            runDir.resolve(name + ".log"));
    synchronized (this) {
      agentOnly.add(jvm);
    }
    jvm.start();
    recordPids(jvm);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!Ports.accepts(port)) {
      failIfDead(jvm);
      if (Instant.now().isAfter(deadline)) {
        throw timeout(jvm, "accepting connections on 127.0.0.1:" + port);
      }
      ConnectorAdmin.sleep(100);
    }
    return "https://127.0.0.1:" + port + "/jolokia";
  }

  public Path runDir() {
    return runDir;
  }

  public Path brokerLogFile() {
    return broker.logFile();
  }

  public long brokerPid() {
    return broker.pid();
  }

  public boolean isBrokerAlive() {
    return broker.isAlive();
  }

  /** SIGKILLs the broker (its own JVM, by pid) and waits until it is gone. */
  public void killBroker() {
    broker.kill();
  }

  /**
   * Starts the broker again with the same config, ports and data dir (no re-format) and waits until
   * it accepts connections on its listener.
   */
  public void startBroker() {
    broker.start();
    recordPids();
    Instant deadline = Instant.now().plus(config.startupTimeout);
    while (!Ports.accepts(brokerPort)) {
      if (!broker.isAlive()) {
        throw new IllegalStateException(
            "the restarted broker exited with code " + broker.exitCode() + "\n" + broker.tail(40));
      }
      if (Instant.now().isAfter(deadline)) {
        throw timeout(
            broker, "accepting connections on 127.0.0.1:" + brokerPort + " after a restart");
      }
      ConnectorAdmin.sleep(200);
    }
  }

  /** Pids of every process of this cluster that is currently running. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    workers.forEach(
        w -> {
          if (w.isAlive()) {
            pids.add(w.pid());
          }
        });
    if (broker.isAlive()) {
      pids.add(broker.pid());
    }
    return pids;
  }

  /** Wall time from the first process start until every process answered. */
  public Duration startupTime() {
    return startupTime;
  }

  public boolean isClosed() {
    return closed;
  }

  // ------------------------------------------------------------------ teardown

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Instant t0 = Instant.now();
    for (ConnectWorker w : workers) {
      if (w.isFrozen()) {
        try {
          w.thaw(); // a stopped JVM would not act on SIGTERM until SIGKILL
        } catch (RuntimeException e) {
          log("could not thaw " + w + ": " + e);
        }
      }
    }
    List<ConnectWorker> allWorkers = new ArrayList<>(workers);
    synchronized (this) {
      allWorkers.addAll(ownGroupWorkers);
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ConnectWorker w : allWorkers) {
      // own threads: the common pool may be unusable during JVM shutdown
      CompletableFuture<Void> f = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  w.jvm().stop(Duration.ofSeconds(30));
                } finally {
                  f.complete(null);
                }
              },
              "stop-" + w.name());
      t.start();
      stops.add(f);
    }
    stops.forEach(CompletableFuture::join);
    List<ChildJvm> agents;
    synchronized (this) {
      agents = List.copyOf(agentOnly);
    }
    agents.forEach(jvm -> jvm.stop(Duration.ofSeconds(10)));
    broker.stop(Duration.ofSeconds(30));
    log(
        "Kafka "
            + config.kafkaVersion
            + " cluster "
            + runDir.getFileName()
            + " stopped in "
            + Duration.between(t0, Instant.now()).toMillis()
            + " ms");
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // called from the hook itself
    }
  }
}
