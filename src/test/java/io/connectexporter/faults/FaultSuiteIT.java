package io.connectexporter.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.faults.HostileHttpServer.Behaviour;
import io.connectexporter.faults.HostileHttpServer.Drip;
import io.connectexporter.faults.HostileHttpServer.Endless;
import io.connectexporter.faults.HostileHttpServer.Hang;
import io.connectexporter.faults.HostileHttpServer.Huge;
import io.connectexporter.faults.HostileHttpServer.ResetMidBody;
import io.connectexporter.faults.HostileHttpServer.Respond;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.it.PromText;
import io.connectexporter.it.Promtool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8: the real exporter jar, as a child JVM with a small heap, against real sockets that
 * misbehave. Cluster {@code good} is replayed captures; cluster {@code hostile} has its REST API
 * and one of its two Jolokia agents on a {@link HostileHttpServer} switched case by case, the other
 * agent healthy. Two more clusters cross TLS and plain HTTP. After every fault the exporter must be
 * alive, count the fault with the expected reason, serve a clean exposition, and keep everything
 * else. A case that kills the JVM fails, and the next case starts a fresh one.
 *
 * <p>Run alone (no Kafka needed): {@code mvn -q integration-test -DskipLegacyKafka=true
 * -DskipClusterAssembly=true -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=FaultSuiteIT} ({@code verify} instead of {@code integration-test} also wants the
 * skipped legacy run's summary file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultSuiteIT {

  static final String VERSION = "4.3.1";
  static final String EXPAND = "/connectors?expand=status&expand=info";
  static final String HOSTILE_WORKER = "connect-1:8083";
  static final String HEALTHY_WORKER = "connect-2:8083";
  static final Duration DEADLINE = Duration.ofMillis(800);
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final byte[] REST_ROOT = Fixtures.bytes(VERSION, "rest-root.json");
  static final byte[] REST_EXPANDED = Fixtures.bytes(VERSION, "rest-expanded.json");
  static final byte[] JOLOKIA_1 = Fixtures.bytes(VERSION, "jolokia-worker-1.json");
  static final byte[] JOLOKIA_2 = Fixtures.bytes(VERSION, "jolokia-worker-2.json");

  private Path dir;
  private final List<HostileHttpServer> servers = new ArrayList<>();
  private HostileHttpServer hostileRest;
  private HostileHttpServer hostileJolokia;
  private Process exporter;
  private int port;
  private Path log;
  private int starts;
  private String lastDeath = "";

  // ------------------------------------------------------------------ setup

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("fault-suite");
    HostileHttpServer goodRest =
        server().on("/", Respond.json(REST_ROOT)).on(EXPAND, Respond.json(REST_EXPANDED));
    HostileHttpServer good1 = server().otherwise(Respond.json(JOLOKIA_1));
    HostileHttpServer good2 = server().otherwise(Respond.json(JOLOKIA_2));
    hostileRest = server();
    hostileJolokia = server();
    HostileHttpServer healthy = server().otherwise(Respond.json(JOLOKIA_2));
    normal();
    // TLS spoken to a plain port, and plain HTTP spoken to a TLS port.
    HostileHttpServer plain = server().otherwise(Respond.json("{}"));
    HostileHttpServer tls = HostileHttpServer.tls(HostileHttpServer.selfSigned(dir));
    servers.add(tls);
    tls.otherwise(Respond.json("{}"));
    String plainAsHttps = "https://127.0.0.1:" + plain.port();
    String tlsAsHttp = "http://127.0.0.1:" + tls.port();

    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String config =
        "exporter {\n"
            + "  listen { host = \"127.0.0.1\", port = "
            + port
            + " }\n"
            + "  poll { interval = 1s, deadline = "
            + DEADLINE.toMillis()
            + "ms, concurrency = 8 }\n"
            // The captures are answers to the bulk read with rates: read the same attributes.
            + "  metrics.include-rates = true\n"
            + "  clusters = [\n"
            + cluster("good", goodRest.url(), List.of(good1.url(), good2.url()), "")
            + ",\n"
            // Request timeouts far beyond the wait: only the poll deadline can end a slow request
            // in time.
            + cluster(
                "hostile",
                hostileRest.url(),
                List.of(hostileJolokia.url(), healthy.url()),
                "request-timeout = 30s, max-response-size = 256KiB")
            + ",\n"
            + cluster("tls-to-plain", plainAsHttps, List.of(plainAsHttps), "")
            + ",\n"
            + cluster("plain-to-tls", tlsAsHttp, List.of(tlsAsHttp), "")
            + "\n"
            + "  ]\n}\n";
    Path file = dir.resolve("exporter.conf");
    Files.writeString(file, config);
    log = dir.resolve("exporter.log");
    startExporter();
  }

  private HostileHttpServer server() throws IOException {
    HostileHttpServer s = HostileHttpServer.plain();
    servers.add(s);
    return s;
  }

  /** A cluster entry whose workers are connect-1:8083 and connect-2:8083, as in the captures. */
  private static String cluster(String name, String rest, List<String> jolokia, String extra) {
    String sep = extra.isEmpty() ? "" : ", " + extra;
    return "    { name = \""
        + name
        + "\", rest { urls = [\""
        + rest
        + "\"]"
        + sep
        + " },\n"
        + "      jolokia { url-template = \"\""
        + sep
        + ", endpoints = [\n"
        + "        { worker = \""
        + HOSTILE_WORKER
        + "\", url = \""
        + jolokia.get(0)
        + "/jolokia\" }"
        + (jolokia.size() > 1
            ? ",\n        { worker = \""
                + HEALTHY_WORKER
                + "\", url = \""
                + jolokia.get(1)
                + "/jolokia\" }"
            : "")
        + " ] } }";
  }

  private void startExporter() throws Exception {
    Path jar = Path.of(System.getProperty("exporter.jar", "target/kafka-connect-exporter.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar);
    Files.writeString(
        log,
        "---- start " + (++starts) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    exporter =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                jar.toString(),
                "--config",
                dir.resolve("exporter.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitScrape(
        "the exporter polled every healthy target",
        Duration.ofSeconds(60),
        m ->
            up(m, "good", "rest", null)
                && up(m, "good", "jolokia", HOSTILE_WORKER)
                && up(m, "good", "jolokia", HEALTHY_WORKER)
                && up(m, "hostile", "rest", null)
                && up(m, "hostile", "jolokia", HOSTILE_WORKER)
                && up(m, "hostile", "jolokia", HEALTHY_WORKER));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (exporter != null) {
        exporter.destroy(); // SIGTERM to our own child, by its pid
        if (!exporter.waitFor(15, TimeUnit.SECONDS)) {
          exporter.destroyForcibly();
          exporter.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      servers.forEach(HostileHttpServer::close);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    System.out.println("exporter JVM started " + starts + " time(s)" + lastDeath);
  }

  /** Every hostile server back to normal answers. */
  private void normal() {
    hostileRest.on("/", Respond.json(REST_ROOT)).on(EXPAND, Respond.json(REST_EXPANDED));
    hostileJolokia.otherwise(Respond.json(JOLOKIA_1));
  }

  /**
   * Before each case: a live exporter (a fresh one if the previous case killed it) and a healthy
   * cluster.
   */
  @BeforeEach
  void healthyAgain() throws Exception {
    normal();
    if (!exporter.isAlive()) {
      lastDeath += "; died with exit code " + exporter.exitValue() + " (log " + log + ")";
      startExporter();
    }
    awaitScrape(
        "hostile cluster healthy again",
        WAIT,
        m -> up(m, "hostile", "rest", null) && up(m, "hostile", "jolokia", HOSTILE_WORKER));
  }

  // ------------------------------------------------------------------ the cases

  enum Side {
    REST,
    JOLOKIA
  }

  /**
   * A fault, where it is served, the reasons it must be counted as, and whether the target stays
   * up.
   */
  record Fault(Side side, Supplier<Behaviour> behaviour, Set<String> reasons, boolean staysUp) {}

  static Arguments fault(String name, Side side, Supplier<Behaviour> behaviour, String reason) {
    return Arguments.of(
        Named.of(side + ": " + name, new Fault(side, behaviour, Set.of(reason), false)));
  }

  static Arguments counted(String name, Side side, Supplier<Behaviour> behaviour, String reason) {
    return Arguments.of(
        Named.of(side + ": " + name, new Fault(side, behaviour, Set.of(reason), true)));
  }

  static Stream<Arguments> faults() {
    List<Arguments> all = new ArrayList<>();
    for (Side side : Side.values()) {
      byte[] normal = side == Side.REST ? REST_EXPANDED : JOLOKIA_1;
      all.add(fault("slow drip", side, () -> new Drip(normal), "timeout"));
      all.add(fault("never-ending body", side, Endless::new, "timeout"));
      all.add(fault("accept and hang", side, Hang::new, "timeout"));
      all.add(
          fault(
              "huge valid answer",
              side,
              () -> side == Side.REST ? hugeRest() : hugeJolokia(),
              "too_large"));
      all.add(fault("gzip bomb", side, () -> Respond.gzipped(gzipBomb(normal)), "too_large"));
      all.add(
          fault(
              "5 MB names",
              side,
              () -> Respond.json(side == Side.REST ? hugeRestName() : hugeObjectName()),
              "too_large"));
      all.add(
          fault(
              "truncated JSON",
              side,
              () -> Respond.json(Arrays.copyOf(normal, normal.length / 2)),
              "unparsable"));
      all.add(
          fault(
              "HTML page with 200",
              side,
              () ->
                  Respond.html(
                      "<!DOCTYPE html><html><head><title>Sign in"
                          + "</title></head><body><form>password</form></body></html>"),
              "unparsable"));
      all.add(
          fault(
              "100000-deep nesting",
              side,
              () -> Respond.json("[".repeat(100_000) + "]".repeat(100_000)),
              "unparsable"));
      all.add(fault("gzip that lies", side, () -> Respond.gzipped(normal), "unparsable"));
      all.add(
          fault(
              "Content-Length shorter than the JSON",
              side,
              () -> Respond.lyingLength(normal, normal.length / 2),
              "unparsable"));
      all.add(fault("HTTP 500", side, () -> Respond.status(500), "http_500"));
      all.add(
          fault("HTTP 302", side, () -> Respond.redirect("http://127.0.0.1:1/login"), "http_302"));
      all.add(fault("reset mid-body", side, () -> new ResetMidBody(normal), "io"));
      all.add(
          fault(
              "Content-Length longer than sent",
              side,
              () -> Respond.lyingLength(normal, normal.length + 1000),
              "io"));
    }
    all.add(
        counted(
            "a string where a number belongs",
            Side.JOLOKIA,
            () -> Respond.json(jolokiaBadValue()),
            "bad_value"));
    all.add(
        counted(
            "a malformed ObjectName",
            Side.JOLOKIA,
            () -> Respond.json(jolokiaMalformedObjectName()),
            "bad_item"));
    all.add(
        counted(
            "an item whose status is not a number",
            Side.JOLOKIA,
            () -> Respond.json(jolokiaStatusNotANumber()),
            "bad_item"));
    all.add(
        counted(
            "malformed connector entries",
            Side.REST,
            () -> Respond.json(restMalformedConnectors()),
            "bad_connector"));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void faultIsCountedAndContained(Fault f) throws Exception {
    String source = f.side() == Side.REST ? "rest" : "jolokia";
    String target = f.side() == Side.REST ? hostileRest.url() : hostileJolokia.url() + "/jolokia";
    double before = errors(scrape(), "hostile", source, target, f.reasons());
    Behaviour b = f.behaviour().get();
    if (f.side() == Side.REST) {
      hostileRest.on(EXPAND, b);
    } else {
      hostileJolokia.otherwise(b);
    }
    long start = System.nanoTime();
    PromText m =
        awaitScrape(
            "target_errors_total{cluster=\"hostile\",source=\""
                + source
                + "\",reason=~\""
                + String.join("|", f.reasons())
                + "\"} to increase",
            WAIT,
            s -> errors(s, "hostile", source, target, f.reasons()) > before);
    System.out.printf(
        "%s counted after %d ms%n",
        f.reasons(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    if (f.staysUp()) {
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_exporter_target_up",
              "cluster",
              "hostile",
              "source",
              source,
              "target",
              target),
          "the target stays up: one bad entry is skipped, the rest is kept");
    }
    if (f.reasons().contains("timeout")) {
      double seconds =
          m.value(
              "kafka_connect_exporter_target_poll_duration_seconds",
              "cluster",
              "hostile",
              "source",
              source,
              "target",
              target);
      assertTrue(
          seconds <= DEADLINE.toMillis() / 1000.0 + 0.5,
          "the request ended by the poll deadline of " + DEADLINE + ", took " + seconds + " s");
    }
    assertContained();
    if (f.staysUp() && f.side() == Side.JOLOKIA) {
      PromText after = scrape();
      assertFalse(
          after
              .find("kafka_connect_worker_info", "cluster", "hostile", "worker", HOSTILE_WORKER)
              .isEmpty(),
          "the worker's other series stay");
      if (f.reasons().contains("bad_value")) {
        assertEquals(
            1,
            after
                .find(
                    "kafka_connect_task_offset_commit_max_time_seconds",
                    "cluster",
                    "hostile",
                    "connector",
                    "orders-source",
                    "task",
                    "0")
                .size(),
            "the attribute next to the bad one stays");
        assertEquals(
            List.of(),
            after.find(
                "kafka_connect_task_offset_commit_avg_time_seconds",
                "cluster",
                "hostile",
                "connector",
                "orders-source",
                "task",
                "0"),
            "the bad value is no series (never a zero)");
      }
    }
    if (f.reasons().contains("bad_connector")) {
      PromText after = scrape();
      for (String skipped : List.of("dlq-sink", "slow-sink")) {
        assertEquals(
            List.of(),
            after.find("kafka_connect_connector_state", "cluster", "hostile", "connector", skipped),
            skipped + " is malformed: skipped");
      }
      assertEquals(
          1.0,
          after.value(
              "kafka_connect_connector_state",
              "cluster",
              "hostile",
              "connector",
              "orders-sink",
              "state",
              "RUNNING"),
          "the other connectors are exported");
    }
  }

  /**
   * TLS spoken to a plain port, plain HTTP to a TLS port: always failing clusters, for REST and
   * Jolokia.
   */
  static Stream<Arguments> tlsMismatches() {
    return Stream.of(
        Arguments.of("tls-to-plain", "rest"),
        Arguments.of("tls-to-plain", "jolokia"),
        Arguments.of("plain-to-tls", "rest"),
        Arguments.of("plain-to-tls", "jolokia"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("tlsMismatches")
  void tlsMismatchIsCountedAsTlsOrIo(String cluster, String source) throws Exception {
    PromText m =
        awaitScrape(
            cluster + " " + source + " tls or io counted",
            WAIT,
            s ->
                s
                    .find(
                        "kafka_connect_exporter_target_errors_total",
                        "cluster",
                        cluster,
                        "source",
                        source)
                    .stream()
                    .anyMatch(e -> Set.of("tls", "io").contains(e.label("reason"))));
    List<PromText.Sample> errors =
        m.find("kafka_connect_exporter_target_errors_total", "cluster", cluster, "source", source);
    Set<String> reasons = errors.stream().map(s -> s.label("reason")).collect(Collectors.toSet());
    System.out.println(cluster + " " + source + ": reasons " + reasons);
    // The very first handshake of a cold JVM can outlast the 400 ms REST share of this suite's
    // deadline.
    assertTrue(
        reasons.contains("tls") || reasons.contains("io"), "reason tls or io, got " + errors);
    assertTrue(
        Set.of("tls", "io", "timeout").containsAll(reasons), "reason tls or io, got " + errors);
    assertEquals(
        0.0, m.value("kafka_connect_exporter_target_up", "cluster", cluster, "source", source));
    assertContained();
  }

  @Test
  void duplicateConnectorInTheRestAnswer() throws Exception {
    String expanded = new String(REST_EXPANDED, StandardCharsets.UTF_8);
    ObjectNode twin = (ObjectNode) JSON.readTree(REST_EXPANDED).get("orders-source").deepCopy();
    String doubled =
        "{ \"orders-source\" : "
            + JSON.writeValueAsString(twin)
            + ",\n"
            + expanded.substring(expanded.indexOf('{') + 1);
    assertTrue(
        doubled.indexOf("\"orders-source\" :") != doubled.lastIndexOf("\"orders-source\" :"));
    PromText m = afterPolls(() -> hostileRest.on(EXPAND, Respond.json(doubled)));
    assertEquals(
        1.0, m.value("kafka_connect_exporter_target_up", "cluster", "hostile", "source", "rest"));
    assertEquals(
        1.0,
        m.value(
            "kafka_connect_connector_state",
            "cluster",
            "hostile",
            "connector",
            "orders-source",
            "state",
            "RUNNING"));
    assertContained();
  }

  @Test
  void duplicateAttributeInAJolokiaItem() throws Exception {
    String w1 = new String(JOLOKIA_1, StandardCharsets.UTF_8);
    String mbean =
        "\"kafka.connect:type=connector-task-metrics,connector=orders-source,task=0\" : {";
    assertTrue(w1.contains(mbean), "capture layout changed");
    String doubled = w1.replace(mbean, mbean + "\n      \"batch-size-max\" : 99.0,");
    PromText m = afterPolls(() -> hostileJolokia.otherwise(Respond.json(doubled)));
    assertEquals(
        1.0,
        m.value(
            "kafka_connect_exporter_target_up",
            "cluster",
            "hostile",
            "source",
            "jolokia",
            "worker",
            HOSTILE_WORKER));
    assertEquals(
        1,
        m.find(
                "kafka_connect_task_batch_size_max",
                "cluster",
                "hostile",
                "connector",
                "orders-source",
                "task",
                "0")
            .size(),
        "one series for the attribute given twice");
    assertContained();
  }

  static final List<String> HOSTILE_NAMES =
      List.of(
          "quote\"name",
          "back\\slash",
          "new\nline",
          "unicodé-名前-🚀",
          "a,b=c",
          "{braces}",
          "x".repeat(300));

  @Test
  void labelHostileConnectorNames() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(REST_EXPANDED);
    JsonNode template = root.get("orders-source");
    for (String name : HOSTILE_NAMES) {
      ObjectNode c = template.deepCopy();
      ((ObjectNode) c.get("status")).put("name", name);
      ((ObjectNode) c.get("info")).put("name", name);
      root.set(name, c);
    }
    byte[] body = JSON.writeValueAsBytes(root);
    assertTrue(
        new String(body, StandardCharsets.UTF_8).contains("new\\nline"), "a JSON \\n escape");
    PromText m = afterPolls(() -> hostileRest.on(EXPAND, Respond.json(body)));
    assertEquals(
        1.0, m.value("kafka_connect_exporter_target_up", "cluster", "hostile", "source", "rest"));
    for (String name : HOSTILE_NAMES) {
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_connector_state",
              "cluster",
              "hostile",
              "connector",
              name,
              "state",
              "RUNNING"),
          "connector " + name + " read back unescaped");
      assertEquals(
          2,
          m.find(
                  "kafka_connect_task_state",
                  "cluster",
                  "hostile",
                  "connector",
                  name,
                  "state",
                  "RUNNING")
              .size(),
          name);
    }
    assertContained();
  }

  @Test
  void unknownRestStatesAreExportedAsUnknown() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(REST_EXPANDED);
    ((ObjectNode) root.at("/orders-source/status/connector")).put("state", 7);
    ((ObjectNode) root.at("/orders-sink/status/tasks/0")).put("state", "running!");
    byte[] body = JSON.writeValueAsBytes(root);
    PromText m = afterPolls(() -> hostileRest.on(EXPAND, Respond.json(body)));
    assertEquals(
        1.0,
        m.value(
            "kafka_connect_connector_state",
            "cluster",
            "hostile",
            "connector",
            "orders-source",
            "state",
            "UNKNOWN"));
    assertEquals(
        1.0,
        m.value(
            "kafka_connect_task_state",
            "cluster",
            "hostile",
            "connector",
            "orders-sink",
            "task",
            "0",
            "state",
            "UNKNOWN"));
    Set<String> states =
        m.samples().stream()
            .filter(s -> s.name().endsWith("_state") && s.label("state") != null)
            .map(s -> s.label("state"))
            .collect(Collectors.toSet());
    assertFalse(
        states.contains("7") || states.contains("RUNNING!"),
        "raw states leak as labels: " + states);
    assertContained();
  }

  // ------------------------------------------------------------------ payloads

  private static volatile byte[] restBomb;
  private static volatile byte[] jolokiaBomb;

  /** Gzip of 500 MB of spaces then the normal answer: valid JSON, far beyond heap and cap. */
  static synchronized byte[] gzipBomb(byte[] tail) {
    try {
      if (tail == REST_EXPANDED) {
        return restBomb != null
            ? restBomb
            : (restBomb = HostileHttpServer.gzipBomb(500_000_000L, tail));
      }
      return jolokiaBomb != null
          ? jolokiaBomb
          : (jolokiaBomb = HostileHttpServer.gzipBomb(500_000_000L, tail));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A valid expand answer of 300 MB: above the exporter's 256 MB heap, ~1 200 times its 256 KiB
   * response cap.
   */
  static Huge hugeRest() {
    return new Huge(
        "{",
        i ->
            "\"c"
                + i
                + "\":{\"status\":{\"name\":\"c"
                + i
                + "\",\"connector\":{\"state\":"
                + "\"RUNNING\",\"worker_id\":\"connect-1:8083\"},\"tasks\":[],\"type\":\"source\"},\"info\":{\"name\":\"c"
                + i
                + "\",\"config\":{},\"tasks\":[],\"type\":\"source\"}}",
        "}",
        300_000_000L);
  }

  /**
   * A valid bulk answer of 300 MB: thousands of connector MBeans in the first item, then the real
   * items.
   */
  static Huge hugeJolokia() {
    try {
      ArrayNode items = (ArrayNode) JSON.readTree(JOLOKIA_1);
      StringBuilder rest = new StringBuilder();
      for (int i = 1; i < items.size(); i++) {
        rest.append(',').append(JSON.writeValueAsString(items.get(i)));
      }
      return new Huge(
          "[{\"status\":200,\"value\":{",
          i ->
              "\"kafka.connect:type=connector-metrics,connector=c"
                  + i
                  + "\":{\"connector-version\":\"1.0\"}",
          "}}" + rest + "]",
          300_000_000L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hugeRestName() {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(REST_EXPANDED);
      String name = "n".repeat(5_000_000);
      ObjectNode c = root.get("orders-source").deepCopy();
      ((ObjectNode) c.get("status")).put("name", name);
      root.set(name, c);
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hugeObjectName() {
    return jolokia(
        items ->
            ((ObjectNode) items.get(0).get("value"))
                .putObject(
                    "kafka.connect:type=connector-metrics,connector=" + "n".repeat(5_000_000))
                .put("connector-version", "1"));
  }

  static byte[] jolokiaBadValue() {
    return jolokia(
        items ->
            ((ObjectNode)
                    items
                        .get(1)
                        .get("value")
                        .get(
                            "kafka.connect:type=connector-task-metrics,connector=orders-source,task=0"))
                .put("offset-commit-avg-time-ms", "oops"));
  }

  static byte[] jolokiaMalformedObjectName() {
    return jolokia(
        items ->
            ((ObjectNode) items.get(0).get("value"))
                .putObject("kafka.connect:type=connector-metrics,connector=bad,,=oops")
                .put("connector-version", "1"));
  }

  static byte[] jolokiaStatusNotANumber() {
    return jolokia(items -> ((ObjectNode) items.get(2)).put("status", "oops"));
  }

  static byte[] restMalformedConnectors() {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(REST_EXPANDED);
      ((ObjectNode) root.at("/dlq-sink/status")).put("tasks", "oops");
      ((ObjectNode) root.get("slow-sink")).put("status", "oops");
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jolokia(java.util.function.Consumer<ArrayNode> edit) {
    try {
      ArrayNode items = (ArrayNode) JSON.readTree(JOLOKIA_1);
      edit.accept(items);
      return JSON.writeValueAsBytes(items);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ checks

  /**
   * What the exporter may keep live after any fault: a quarter of its -Xmx256m (it needs ~20 MiB
   * here).
   */
  static final long HEAP_BOUND_MIB = 64;

  /**
   * The exporter's heap in use right after a full GC, from the JDK's jcmd (our own child, by pid).
   */
  private long heapAfterGcMiB() throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String pid = Long.toString(exporter.pid());
    Process gc = new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    assertTrue(gc.waitFor(30, TimeUnit.SECONDS), "jcmd GC.run");
    Process info = new ProcessBuilder(jcmd, pid, "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(info.waitFor(30, TimeUnit.SECONDS), "jcmd GC.heap_info");
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
    assertTrue(used.find(), "jcmd GC.heap_info said: " + out);
    return Long.parseLong(used.group(1)) / 1024;
  }

  /**
   * What must hold after every fault: the JVM lives with its heap under a bound, /-/healthy
   * answers, the exposition is clean for promtool and has no duplicate series, cluster good is
   * whole, and the healthy worker of cluster hostile keeps its JMX series.
   */
  private void assertContained() throws Exception {
    assertTrue(exporter.isAlive(), "the exporter JVM is alive; log " + log);
    assertEquals(200, get("/-/healthy").statusCode());
    long heap = heapAfterGcMiB();
    assertTrue(
        heap < HEAP_BOUND_MIB,
        "heap after a full GC " + heap + " MiB, bound " + HEAP_BOUND_MIB + " MiB");
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    Promtool.assertCheckMetricsClean(r.body());
    PromText m = PromText.parse(r.body());
    Set<String> seen = new HashSet<>();
    for (PromText.Sample s : m.samples()) {
      assertTrue(seen.add(s.name() + s.labels()), "duplicate series " + s);
    }
    for (String worker : List.of(HOSTILE_WORKER, HEALTHY_WORKER)) {
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_exporter_target_up",
              "cluster",
              "good",
              "source",
              "jolokia",
              "worker",
              worker),
          "good worker " + worker + " up");
    }
    assertEquals(
        1.0, m.value("kafka_connect_exporter_target_up", "cluster", "good", "source", "rest"));
    JsonNode expanded = JSON.readTree(REST_EXPANDED);
    for (var it = expanded.fieldNames(); it.hasNext(); ) {
      String connector = it.next();
      String state = expanded.get(connector).at("/status/connector/state").asText();
      assertEquals(
          1.0,
          m.value(
              "kafka_connect_connector_state",
              "cluster",
              "good",
              "connector",
              connector,
              "state",
              state),
          "good connector " + connector);
      assertEquals(
          expanded.get(connector).at("/status/tasks").size(),
          m.find("kafka_connect_task_state", "cluster", "good", "connector", connector).stream()
              .filter(s -> s.value() == 1.0)
              .count(),
          "good tasks of " + connector);
    }
    assertEquals(
        1,
        m.find("kafka_connect_worker_info", "cluster", "hostile", "worker", HEALTHY_WORKER).size(),
        "the healthy worker of cluster hostile keeps its JMX series");
    assertFalse(
        m.find("kafka_connect_task_running_ratio", "cluster", "hostile", "worker", HEALTHY_WORKER)
            .isEmpty(),
        "the healthy worker of cluster hostile keeps its task series");
  }

  private static boolean up(PromText m, String cluster, String source, String worker) {
    List<PromText.Sample> found =
        worker == null
            ? m.find("kafka_connect_exporter_target_up", "cluster", cluster, "source", source)
            : m.find(
                "kafka_connect_exporter_target_up",
                "cluster",
                cluster,
                "source",
                source,
                "worker",
                worker);
    return found.size() == 1 && found.get(0).value() == 1.0;
  }

  private static double errors(
      PromText m, String cluster, String source, String target, Set<String> reasons) {
    return m
        .find(
            "kafka_connect_exporter_target_errors_total",
            "cluster",
            cluster,
            "source",
            source,
            "target",
            target)
        .stream()
        .filter(s -> reasons.contains(s.label("reason")))
        .mapToDouble(PromText.Sample::value)
        .sum();
  }

  /**
   * Switches, then scrapes once two more polls of cluster hostile completed (the second began after
   * the switch).
   */
  private PromText afterPolls(Runnable change) {
    double polls = scrape().value("kafka_connect_exporter_polls_total", "cluster", "hostile");
    change.run();
    return awaitScrape(
        "two more polls of cluster hostile",
        WAIT,
        m -> m.value("kafka_connect_exporter_polls_total", "cluster", "hostile") >= polls + 2);
  }

  private HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(
          "GET " + path + " failed (exporter alive: " + exporter.isAlive() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private PromText scrape() {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode(), "/metrics");
    return PromText.parse(r.body());
  }

  private PromText awaitScrape(String what, Duration timeout, Predicate<PromText> condition) {
    long end = System.nanoTime() + timeout.toNanos();
    String last = "(no scrape)";
    while (System.nanoTime() < end && exporter.isAlive()) {
      try {
        PromText m = scrape();
        if (condition.test(m)) {
          return m;
        }
        last =
            m.find("kafka_connect_exporter_target_errors_total", "cluster", "hostile").toString()
                + "\n"
                + m.find("kafka_connect_exporter_target_up", "cluster", "hostile");
      } catch (AssertionError | RuntimeException e) {
        last = e.toString();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError(
        "gave up (limit "
            + timeout
            + ") waiting for "
            + what
            + "; exporter alive: "
            + exporter.isAlive()
            + "; last scrape of cluster hostile:\n"
            + last
            + "\nexporter log tail:\n"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.subList(Math.max(0, lines.size() - 15), lines.size()).stream()
          .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
