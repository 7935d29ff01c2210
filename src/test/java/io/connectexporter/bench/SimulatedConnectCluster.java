package io.connectexporter.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.MBeanGroup;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Kafka Connect cluster for scale tests: one REST API ({@code /}, the expand call,
 * {@code /connectors} and the per-connector status and info calls) and one Jolokia agent per
 * simulated worker, all on 127.0.0.1, answering with bodies shaped like the real ones. The shapes
 * (attribute names, nulls, quoted ObjectNames, REST fields) come from the captures of the real
 * cluster; values change between polls (counters grow) and every answer can be delayed.
 *
 * <p>Answers are generated per request and streamed (chunked), never held whole in memory, so the
 * simulator serves 60 000 connectors in a small heap. The connector set can change at run time
 * ({@link #churn}): REST and every worker's Jolokia follow at once. A worker's Jolokia can be made
 * to fail ({@link #setFault}): refuse connections, hang, or be hostile.
 */
public final class SimulatedConnectCluster implements AutoCloseable {

  /** Sizes of the scale benchmark. */
  public record Size(String name, int workers, int connectors, int tasks) {
    public static final Size S = new Size("S", 2, 20, 40);
    public static final Size M = new Size("M", 10, 500, 2000);
    public static final Size L = new Size("L", 20, 1000, 5000);

    public static Size of(String name) {
      return switch (name) {
        case "S" -> S;
        case "M" -> M;
        case "L" -> L;
        default -> throw new IllegalArgumentException("unknown size " + name + " (S, M or L)");
      };
    }
  }

  /** How a worker's Jolokia agent behaves. */
  public enum Fault {
    /** Answers normally. */
    NONE,
    /** Its port is closed: connections are refused. */
    REFUSE,
    /**
     * Accepts the request and never answers (the exchange is closed when the fault ends, 60 s at
     * most).
     */
    HANG,
    /** Answers in turn: a slow drip that never completes in time, truncated JSON, HTTP 500. */
    HOSTILE
  }

  /** One simulated connector; its id decides its type, workers and states, and is never reused. */
  private record Conn(int id, String name, boolean source) {}

  /** What one {@link #churn} call did. */
  public record Churn(List<String> deleted, List<String> created) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final long HANG_MAX_MILLIS = 60_000;
  private static final long DRIP_MILLIS = 4_000;

  private final Size size;
  private final long delayMillis;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "sim-http");
            t.setDaemon(true);
            return t;
          });

  /**
   * Where faulty answers wait (hang, drip): never on the shared pool, so healthy workers are not
   * starved.
   */
  private final ExecutorService faultPool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "sim-fault");
            t.setDaemon(true);
            return t;
          });

  private final HttpServer rest;
  private final HttpServer[] jolokia;
  private final int[] jolokiaPorts;
  private final Fault[] faults;
  private final AtomicLong[] hostileAnswers;
  private final Map<MBeanGroup, Map<String, Object>> templates;
  private final byte[] restRoot;
  private final Fixtures.HealthAnswer healthy;

  /**
   * The current connectors, an immutable list replaced on each change (readers take one snapshot).
   */
  private volatile List<Conn> connectors;

  private int nextId;
  private final Random random = new Random(42);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong expandRequests = new AtomicLong();
  private final AtomicLong jolokiaRequests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong[] jolokiaPolls;
  private volatile boolean closed;

  public SimulatedConnectCluster(Size size, long delayMillis) throws IOException {
    this.size = size;
    this.delayMillis = delayMillis;
    this.templates = templates();
    this.restRoot = Fixtures.bytes("4.3.1", "rest-root.json");
    this.healthy = Fixtures.health("4.3.1", "healthy");
    List<Conn> initial = new ArrayList<>(size.connectors());
    for (int c = 0; c < size.connectors(); c++) {
      initial.add(conn(c));
    }
    this.connectors = Collections.unmodifiableList(initial);
    this.nextId = size.connectors();
    this.jolokiaPolls = new AtomicLong[size.workers()];
    this.jolokia = new HttpServer[size.workers()];
    this.jolokiaPorts = new int[size.workers()];
    this.faults = new Fault[size.workers()];
    this.hostileAnswers = new AtomicLong[size.workers()];
    rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    rest.setExecutor(executor);
    rest.createContext("/", this::handleRest);
    rest.start();
    for (int w = 0; w < size.workers(); w++) {
      jolokiaPolls[w] = new AtomicLong();
      hostileAnswers[w] = new AtomicLong();
      faults[w] = Fault.NONE;
      jolokia[w] = startJolokia(w, 0);
      jolokiaPorts[w] = jolokia[w].getAddress().getPort();
    }
  }

  private void handleHealth(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(healthy.httpStatus(), healthy.body().length);
      exchange.getResponseBody().write(healthy.body());
    }
  }

  private HttpServer startJolokia(int worker, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.setExecutor(executor);
    server.createContext("/jolokia", exchange -> handleJolokia(exchange, worker));
    // The worker's REST listener as far as its own endpoints go: GET /health (a healthy 4.3.1
    // worker's captured answer), so that the health source checks every simulated worker.
    server.createContext("/health", this::handleHealth);
    server.start();
    return server;
  }

  public Size size() {
    return size;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + rest.getAddress().getPort();
  }

  /**
   * The worker id REST reports: the host:port of its listener, here the port of its Jolokia agent,
   * which also serves the worker's {@code /health}.
   */
  public String workerId(int w) {
    return "127.0.0.1:" + jolokiaPorts[w];
  }

  public String jolokiaUrl(int w) {
    return "http://127.0.0.1:" + jolokiaPorts[w] + "/jolokia";
  }

  /** HTTP requests served so far (REST and Jolokia). */
  public long requests() {
    return requests.get();
  }

  /** {@code GET /connectors?expand=...} requests served so far: one per exporter poll. */
  public long expandRequests() {
    return expandRequests.get();
  }

  /** Jolokia bulk reads served so far. */
  public long jolokiaRequests() {
    return jolokiaRequests.get();
  }

  /** Response body bytes served so far. */
  public long bytes() {
    return bytes.get();
  }

  /** Names of the connectors that exist now. */
  public List<String> connectorNames() {
    return connectors.stream().map(Conn::name).toList();
  }

  /**
   * Deletes {@code delete} connectors chosen at random and creates {@code create} new ones (new
   * names, never reused; the tasks per connector of the size). REST and Jolokia answers started
   * after this call see the new set.
   */
  public synchronized Churn churn(int delete, int create) {
    List<Conn> next = new ArrayList<>(connectors);
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < delete && !next.isEmpty(); i++) {
      deleted.add(next.remove(random.nextInt(next.size())).name());
    }
    List<String> created = new ArrayList<>();
    for (int i = 0; i < create; i++) {
      Conn c = conn(nextId++);
      next.add(c);
      created.add(c.name());
    }
    connectors = Collections.unmodifiableList(next);
    return new Churn(deleted, created);
  }

  /**
   * Changes how worker {@code w}'s Jolokia agent behaves. {@link Fault#REFUSE} closes its port;
   * leaving it binds the same port again (the URL the exporter knows stays valid).
   */
  public synchronized void setFault(int w, Fault fault) throws IOException {
    Fault before = faults[w];
    if (before == fault) {
      return;
    }
    faults[w] = fault;
    if (fault == Fault.REFUSE) {
      jolokia[w].stop(0);
    } else if (before == Fault.REFUSE) {
      IOException last = null;
      for (int attempt = 0;
          attempt < 50;
          attempt++) { // the port may sit in a closing state briefly
        try {
          jolokia[w] = startJolokia(w, jolokiaPorts[w]);
          return;
        } catch (IOException e) {
          last = e;
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      throw new IOException(
          "could not bind port " + jolokiaPorts[w] + " again for worker " + w, last);
    }
  }

  public Fault fault(int w) {
    return faults[w];
  }

  // ------------------------------------------------------------------ the simulated layout

  private int tasksPerConnector() {
    return Math.max(1, size.tasks() / size.connectors());
  }

  private static Conn conn(int id) {
    boolean source = id % 2 == 0;
    return new Conn(id, String.format("%s-connector-%04d", source ? "source" : "sink", id), source);
  }

  private int workerOfConnector(Conn c) {
    return c.id() % size.workers();
  }

  private int workerOfTask(Conn c, int t) {
    return (c.id() * tasksPerConnector() + t) % size.workers();
  }

  private static String connectorState(Conn c) {
    return c.id() % 50 == 3 ? "PAUSED" : "RUNNING";
  }

  /** 1 task in 100 FAILED, 1 connector in 50 PAUSED: a realistic, not all-green cluster. */
  private String taskState(Conn c, int t) {
    if ((c.id() * tasksPerConnector() + t) % 100 == 7) {
      return "FAILED";
    }
    return connectorState(c);
  }

  // ------------------------------------------------------------------ REST

  /** The expand answer for the connectors of this moment, streamed to {@code out}. */
  private void writeRest(OutputStream out) throws IOException {
    List<Conn> now = connectors;
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (Conn c : now) {
        g.writeObjectFieldStart(c.name());
        g.writeFieldName("status");
        writeStatus(g, c);
        g.writeFieldName("info");
        writeInfo(g, c);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private void writeStatus(JsonGenerator g, Conn c) throws IOException {
    String name = c.name();
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeObjectFieldStart("connector");
    g.writeStringField("state", connectorState(c));
    g.writeStringField("worker_id", workerId(workerOfConnector(c)));
    g.writeEndObject();
    g.writeArrayFieldStart("tasks");
    for (int t = 0; t < tasksPerConnector(); t++) {
      g.writeStartObject();
      g.writeNumberField("id", t);
      String state = taskState(c, t);
      g.writeStringField("state", state);
      g.writeStringField("worker_id", workerId(workerOfTask(c, t)));
      if ("FAILED".equals(state)) {
        g.writeStringField(
            "trace",
            "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due "
                + "to unrecoverable exception.\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages"
                + "(WorkerSinkTask.java:632)\nCaused by: java.sql.SQLException: connection refused\n\t... 12 more\n");
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("type", c.source() ? "source" : "sink");
    g.writeEndObject();
  }

  private void writeInfo(JsonGenerator g, Conn c) throws IOException {
    String name = c.name();
    int id = c.id();
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeObjectFieldStart("config");
    g.writeStringField(
        "connector.class",
        c.source() ? "com.example.jdbc.JdbcSourceConnector" : "com.example.s3.S3SinkConnector");
    g.writeStringField("tasks.max", Integer.toString(tasksPerConnector()));
    g.writeStringField(c.source() ? "topic" : "topics", "topic-" + id);
    g.writeStringField("connection.url", "jdbc:postgresql://db-" + id + ":5432/app");
    g.writeStringField("connection.password", "not-exported-" + id);
    g.writeStringField("errors.tolerance", id % 3 == 0 ? "all" : "none");
    g.writeStringField("name", name);
    g.writeEndObject();
    g.writeArrayFieldStart("tasks");
    for (int t = 0; t < tasksPerConnector(); t++) {
      g.writeStartObject();
      g.writeStringField("connector", name);
      g.writeNumberField("task", t);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("type", c.source() ? "source" : "sink");
    g.writeEndObject();
  }

  private Conn find(String name) {
    for (Conn c : connectors) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private void handleRest(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if ("/".equals(path)) {
      respond(exchange, 200, out -> out.write(restRoot));
    } else if ("/connectors".equals(path)
        && "expand=status&expand=info".equals(exchange.getRequestURI().getQuery())) {
      expandRequests.incrementAndGet();
      respond(exchange, 200, this::writeRest);
    } else if ("/connectors".equals(path)) {
      List<String> names = connectorNames();
      respond(exchange, 200, out -> JSON.writeValue(out, names));
    } else if (path.startsWith("/connectors/")) {
      boolean status = path.endsWith("/status");
      Conn c =
          find(
              path.substring(
                  "/connectors/".length(), path.length() - (status ? "/status".length() : 0)));
      if (c == null) {
        respond(exchange, 404, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
      } else {
        respond(
            exchange,
            200,
            out -> {
              try (JsonGenerator g = FACTORY.createGenerator(out)) {
                if (status) {
                  writeStatus(g, c);
                } else {
                  writeInfo(g, c);
                }
              }
            });
      }
    } else {
      respond(exchange, 404, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The REST answers {@code GET /} and {@code GET /connectors?expand=status&expand=info}. */
  public byte[][] restBodies() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeRest(out);
    return new byte[][] {restRoot, out.toByteArray()};
  }

  // ------------------------------------------------------------------ Jolokia

  /** One MBean of each group, with all its attributes, from the real capture. */
  private static Map<MBeanGroup, Map<String, Object>> templates() {
    Map<MBeanGroup, Map<String, Object>> t = new HashMap<>();
    for (String file :
        List.of("jolokia-all-attributes-worker-1.json", "jolokia-all-attributes-worker-2.json")) {
      JsonNode items = Fixtures.json("4.3.1", file);
      List<MBeanGroup> groups = ConnectMBeans.CATALOG.groups();
      for (int i = 0; i < groups.size(); i++) {
        JsonNode value = items.get(i).path("value");
        if (items.get(i).path("status").asInt() != 200 || t.containsKey(groups.get(i))) {
          continue;
        }
        JsonNode attributes = groups.get(i).isPattern() ? value.elements().next() : value;
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          map.put(
              e.getKey(),
              v.isNull()
                  ? null
                  : v.isNumber() ? v.doubleValue() : v.isBoolean() ? v.booleanValue() : v.asText());
        }
        t.put(groups.get(i), map);
      }
    }
    return t;
  }

  private void handleJolokia(HttpExchange exchange, int worker) throws IOException {
    jolokiaRequests.incrementAndGet();
    byte[] request = exchange.getRequestBody().readAllBytes();
    Fault fault = faults[worker];
    if (fault == Fault.HANG) {
      faultPool.execute(() -> hang(exchange, worker));
    } else if (fault == Fault.HOSTILE) {
      switch ((int) (hostileAnswers[worker].getAndIncrement() % 3)) {
        case 0 -> faultPool.execute(() -> drip(exchange));
        case 1 -> {
          // A complete HTTP answer whose JSON stops in the middle (a proxy or agent cut short).
          byte[] whole = jolokiaBody(worker, request);
          byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
          respond(exchange, 200, out -> out.write(cut));
        }
        default ->
            respond(
                exchange,
                500,
                out ->
                    out.write(
                        "<html><body><h2>500 Internal Server Error</h2></body></html>"
                            .getBytes(StandardCharsets.UTF_8)));
      }
    } else {
      respond(exchange, 200, out -> writeJolokia(out, worker, request));
    }
  }

  /**
   * Never answers: waits (60 s at most) until the fault ends or the simulator closes, then hangs
   * up.
   */
  private void hang(HttpExchange exchange, int worker) {
    long end = System.currentTimeMillis() + HANG_MAX_MILLIS;
    try (exchange) {
      while (faults[worker] == Fault.HANG && !closed && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Headers at once, then one byte every 100 ms for 4 s, and never a complete JSON document. */
  private void drip(HttpExchange exchange) {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write("[{\"value\":{".getBytes(StandardCharsets.UTF_8));
      out.flush();
      long end = System.currentTimeMillis() + DRIP_MILLIS;
      while (!closed && System.currentTimeMillis() < end) {
        Thread.sleep(100);
        out.write(' ');
        out.flush(); // fails once the exporter gave up and closed the connection
      }
    } catch (IOException e) {
      // the client hung up: expected
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The agent's answer of one simulated worker to a bulk read (each call is a new poll). */
  public byte[] jolokiaBody(int worker, byte[] request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writeJolokia(out, worker, request);
    return out.toByteArray();
  }

  private void writeJolokia(OutputStream out, int worker, byte[] request) throws IOException {
    JsonNode reads = JSON.readTree(request);
    long poll = jolokiaPolls[worker].incrementAndGet();
    List<Conn> now = connectors;
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartArray();
      for (JsonNode read : reads) {
        MBeanGroup group = groupOf(read.path("mbean").asText());
        List<String> wanted = new ArrayList<>();
        read.path("attribute").forEach(a -> wanted.add(a.asText()));
        List<String[]> mbeans = group == null ? List.of() : mbeans(group, worker, now);
        g.writeStartObject();
        if (mbeans.isEmpty()) {
          g.writeStringField("error_type", "javax.management.InstanceNotFoundException");
          g.writeStringField(
              "error",
              "No MBean with pattern " + read.path("mbean").asText() + " found for READ request");
          g.writeNumberField("status", 404);
        } else {
          g.writeObjectFieldStart("value");
          if (group.isPattern()) {
            for (String[] mbean : mbeans) {
              g.writeObjectFieldStart(mbean[0]);
              writeAttributes(g, group, wanted, mbean[1].hashCode(), poll);
              g.writeEndObject();
            }
          } else {
            writeAttributes(g, group, wanted, worker, poll);
          }
          g.writeEndObject();
          g.writeNumberField("status", 200);
          g.writeNumberField("timestamp", System.currentTimeMillis() / 1000);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  private static MBeanGroup groupOf(String pattern) {
    for (MBeanGroup g : ConnectMBeans.CATALOG.groups()) {
      if (g.objectNamePattern().equals(pattern)) {
        return g;
      }
    }
    return null;
  }

  /** [ObjectName as Jolokia writes it (canonical, quoted where needed), identity for values]. */
  private List<String[]> mbeans(MBeanGroup group, int worker, List<Conn> now) {
    List<String[]> out = new ArrayList<>();
    String client = "\"connect-" + workerId(worker) + "\"";
    if (group.equals(ConnectMBeans.WORKER) || group.equals(ConnectMBeans.WORKER_REBALANCE)) {
      out.add(new String[] {group.objectNamePattern(), "w" + worker});
    } else if (group.equals(ConnectMBeans.COORDINATOR)) {
      out.add(
          new String[] {
            "kafka.connect:client-id=" + client + ",type=connect-coordinator-metrics", "c" + worker
          });
    } else if (group.equals(ConnectMBeans.APP_INFO)) {
      out.add(new String[] {"kafka.connect:client-id=" + client + ",type=app-info", "a" + worker});
      out.add(
          new String[] {
            "kafka.connect:client-id=\"" + workerId(worker) + "\",type=app-info", "b" + worker
          });
    } else {
      {
        for (Conn c : now) {
          String name = c.name();
          if (group == ConnectMBeans.CONNECTOR) {
            if (workerOfConnector(c) == worker) {
              out.add(
                  new String[] {
                    "kafka.connect:connector=" + name + ",type=connector-metrics", name
                  });
            }
            continue;
          }
          boolean any = false;
          for (int t = 0; t < tasksPerConnector(); t++) {
            if (workerOfTask(c, t) != worker) {
              continue;
            }
            any = true;
            String id = name + "-" + t;
            if (group.equals(ConnectMBeans.CONNECTOR_TASK)
                || group.equals(ConnectMBeans.TASK_ERROR)) {
              out.add(
                  new String[] {
                    "kafka.connect:connector=" + name + ",task=" + t + ",type=" + group.type(), id
                  });
            } else if (group.equals(ConnectMBeans.SOURCE_TASK)) {
              if (c.source()) {
                out.add(
                    new String[] {
                      "kafka.connect:connector="
                          + name
                          + ",task="
                          + t
                          + ",type=source-task-metrics",
                      id
                    });
              }
            } else if (group.equals(ConnectMBeans.SINK_TASK)) {
              if (!c.source()) {
                out.add(
                    new String[] {
                      "kafka.connect:connector=" + name + ",task=" + t + ",type=sink-task-metrics",
                      id
                    });
              }
            } else if (group.equals(ConnectMBeans.SINK_CONSUMER)) {
              if (!c.source()) {
                out.add(
                    new String[] {
                      "kafka.consumer:client-id=connector-consumer-"
                          + id
                          + ",type=consumer-fetch-manager-metrics",
                      id
                    });
              }
            } else if (group.equals(ConnectMBeans.SINK_CONSUMER_PARTITION)) {
              if (!c.source()) {
                out.add(
                    new String[] {
                      "kafka.consumer:client-id=connector-consumer-"
                          + id
                          + ",partition="
                          + t
                          + ",topic=topic-"
                          + c.id()
                          + ",type=consumer-fetch-manager-metrics",
                      id
                    });
              }
            }
          }
          if (group.equals(ConnectMBeans.WORKER_CONNECTOR) && any) {
            out.add(
                new String[] {
                  "kafka.connect:connector=" + name + ",type=connect-worker-metrics", name
                });
          }
        }
      }
    }
    return out;
  }

  /** The template's attributes (only those asked for), counters growing with the poll number. */
  private void writeAttributes(
      JsonGenerator g, MBeanGroup group, List<String> wanted, int identity, long poll)
      throws IOException {
    Map<String, Object> template = templates.get(group);
    if (template == null) {
      return;
    }
    for (Map.Entry<String, Object> e : template.entrySet()) {
      if (!wanted.isEmpty() && !wanted.contains(e.getKey())) {
        continue;
      }
      Object v = e.getValue();
      g.writeFieldName(e.getKey());
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Double d) {
        boolean counter =
            e.getKey().endsWith("-total")
                || e.getKey().startsWith("total-")
                || e.getKey().startsWith("deadletterqueue-");
        double spread = 1 + Math.floorMod(identity, 7);
        g.writeNumber(
            counter ? d + poll * spread * 10 : d * (0.9 + 0.2 * ((poll + identity) % 5) / 4.0));
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else {
        g.writeString((String) v);
      }
    }
  }

  /** Writes a body into an output stream; the body is generated while it is sent. */
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Streams the answer (chunked), counting its bytes; the body is never held whole. */
  private void respond(HttpExchange exchange, int status, Body body) throws IOException {
    try (exchange) {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      requests.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream o =
          new BufferedOutputStream(
              new FilterOutputStream(exchange.getResponseBody()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  out.write(b, off, len);
                  bytes.addAndGet(len);
                }

                @Override
                public void write(int b) throws IOException {
                  out.write(b);
                  bytes.incrementAndGet();
                }
              },
              64 * 1024)) {
        body.writeTo(o);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    rest.stop(0);
    for (int w = 0; w < jolokia.length; w++) {
      if (faults[w] != Fault.REFUSE) {
        jolokia[w].stop(0);
      }
    }
    executor.shutdownNow();
    faultPool.shutdownNow();
  }
}
