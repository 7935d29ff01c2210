package io.connectexporter.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.model.MBeanGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Kafka Connect cluster for scale tests: one REST API ({@code /}, the expand call,
 * {@code /connectors} and the per-connector status and info calls) and one Jolokia agent per
 * simulated worker, all on 127.0.0.1, answering with bodies shaped like the real ones. The shapes
 * (attribute names, nulls, quoted ObjectNames, REST fields) come from the captures of the real
 * cluster; values change between polls (counters grow) and every answer can be delayed.
 */
public final class SimulatedConnectCluster implements AutoCloseable {

  /** Sizes of the scale benchmark. */
  public record Size(String name, int workers, int connectors, int tasks) {
    public static final Size S = new Size("S", 2, 20, 40);
    public static final Size M = new Size("M", 10, 500, 2000);
    public static final Size L = new Size("L", 20, 1000, 5000);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();

  private final Size size;
  private final long delayMillis;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "sim-http");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer rest;
  private final List<HttpServer> jolokia = new ArrayList<>();
  private final Map<MBeanGroup, Map<String, Object>> templates;
  private final byte[] restExpanded;
  private final byte[] restRoot;
  /** The per-connector answers (Connect before 2.3, or N+1 peers), cut from the expanded one. */
  private final Map<String, byte[]> statusByName = new LinkedHashMap<>();
  private final Map<String, byte[]> infoByName = new LinkedHashMap<>();
  private final byte[] connectorNames;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong expandRequests = new AtomicLong();
  private final AtomicLong jolokiaRequests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong[] jolokiaPolls;

  public SimulatedConnectCluster(Size size, long delayMillis) throws IOException {
    this.size = size;
    this.delayMillis = delayMillis;
    this.templates = templates();
    this.restExpanded = renderRest();
    this.restRoot = Fixtures.bytes("4.3.1", "rest-root.json");
    JsonNode expanded = JSON.readTree(restExpanded);
    for (Iterator<Map.Entry<String, JsonNode>> it = expanded.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      statusByName.put(e.getKey(), JSON.writeValueAsBytes(e.getValue().path("status")));
      infoByName.put(e.getKey(), JSON.writeValueAsBytes(e.getValue().path("info")));
    }
    this.connectorNames = JSON.writeValueAsBytes(statusByName.keySet());
    this.jolokiaPolls = new AtomicLong[size.workers()];
    rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    rest.setExecutor(executor);
    rest.createContext("/", this::handleRest);
    rest.start();
    for (int w = 0; w < size.workers(); w++) {
      jolokiaPolls[w] = new AtomicLong();
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
      server.setExecutor(executor);
      int worker = w;
      server.createContext("/jolokia", exchange -> handleJolokia(exchange, worker));
      server.start();
      jolokia.add(server);
    }
  }

  public Size size() {
    return size;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + rest.getAddress().getPort();
  }

  public String workerId(int w) {
    return String.format("sim-worker-%02d:8083", w);
  }

  public String jolokiaUrl(int w) {
    return "http://127.0.0.1:" + jolokia.get(w).getAddress().getPort() + "/jolokia";
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

  // ------------------------------------------------------------------ the simulated layout

  private int tasksPerConnector() {
    return Math.max(1, size.tasks() / size.connectors());
  }

  private boolean isSource(int c) {
    return c % 2 == 0;
  }

  private String connectorName(int c) {
    return String.format("%s-connector-%04d", isSource(c) ? "source" : "sink", c);
  }

  private int workerOfConnector(int c) {
    return c % size.workers();
  }

  private int workerOfTask(int c, int t) {
    return (c * tasksPerConnector() + t) % size.workers();
  }

  /** 1 task in 100 FAILED, 1 connector in 50 PAUSED: a realistic, not all-green cluster. */
  private String taskState(int c, int t) {
    if ((c * tasksPerConnector() + t) % 100 == 7) {
      return "FAILED";
    }
    return c % 50 == 3 ? "PAUSED" : "RUNNING";
  }

  // ------------------------------------------------------------------ REST

  private byte[] renderRest() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (int c = 0; c < size.connectors(); c++) {
        String name = connectorName(c);
        String type = isSource(c) ? "source" : "sink";
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart("status");
        g.writeStringField("name", name);
        g.writeObjectFieldStart("connector");
        g.writeStringField("state", c % 50 == 3 ? "PAUSED" : "RUNNING");
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
            g.writeStringField("trace", "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due "
                + "to unrecoverable exception.\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages"
                + "(WorkerSinkTask.java:632)\nCaused by: java.sql.SQLException: connection refused\n\t... 12 more\n");
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("type", type);
        g.writeEndObject();
        g.writeObjectFieldStart("info");
        g.writeStringField("name", name);
        g.writeObjectFieldStart("config");
        g.writeStringField("connector.class", isSource(c) ? "com.example.jdbc.JdbcSourceConnector"
            : "com.example.s3.S3SinkConnector");
        g.writeStringField("tasks.max", Integer.toString(tasksPerConnector()));
        g.writeStringField(isSource(c) ? "topic" : "topics", "topic-" + c);
        g.writeStringField("connection.url", "jdbc:postgresql://db-" + c + ":5432/app");
        g.writeStringField("connection.password", "not-exported-" + c);
        g.writeStringField("errors.tolerance", c % 3 == 0 ? "all" : "none");
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
        g.writeStringField("type", type);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private void handleRest(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    if ("/".equals(path)) {
      body = restRoot;
    } else if ("/connectors".equals(path) && "expand=status&expand=info".equals(exchange.getRequestURI().getQuery())) {
      body = restExpanded;
      expandRequests.incrementAndGet();
    } else if ("/connectors".equals(path)) {
      body = connectorNames;
    } else if (path.startsWith("/connectors/") && path.endsWith("/status")) {
      body = statusByName.get(path.substring("/connectors/".length(), path.length() - "/status".length()));
    } else if (path.startsWith("/connectors/")) {
      body = infoByName.get(path.substring("/connectors/".length()));
    } else {
      body = null;
    }
    respond(exchange, body == null ? 404 : 200, body == null ? "{}".getBytes() : body);
  }

  // ------------------------------------------------------------------ Jolokia

  /** One MBean of each group, with all its attributes, from the real capture. */
  private static Map<MBeanGroup, Map<String, Object>> templates() {
    Map<MBeanGroup, Map<String, Object>> t = new EnumMap<>(MBeanGroup.class);
    for (String file : List.of("jolokia-all-attributes-worker-1.json", "jolokia-all-attributes-worker-2.json")) {
      JsonNode items = Fixtures.json("4.3.1", file);
      MBeanGroup[] groups = MBeanGroup.values();
      for (int i = 0; i < groups.length; i++) {
        JsonNode value = items.get(i).path("value");
        if (items.get(i).path("status").asInt() != 200 || t.containsKey(groups[i])) {
          continue;
        }
        JsonNode attributes = groups[i].isPattern() ? value.elements().next() : value;
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          map.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.doubleValue() : v.isBoolean() ? v.booleanValue()
              : v.asText());
        }
        t.put(groups[i], map);
      }
    }
    return t;
  }

  private void handleJolokia(HttpExchange exchange, int worker) throws IOException {
    jolokiaRequests.incrementAndGet();
    respond(exchange, 200, jolokiaBody(worker, exchange.getRequestBody().readAllBytes()));
  }

  /** The agent's answer of one simulated worker to a bulk read (each call is a new poll). */
  public byte[] jolokiaBody(int worker, byte[] request) throws IOException {
    JsonNode reads = JSON.readTree(request);
    long poll = jolokiaPolls[worker].incrementAndGet();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartArray();
      for (JsonNode read : reads) {
        MBeanGroup group = groupOf(read.path("mbean").asText());
        List<String> wanted = new ArrayList<>();
        read.path("attribute").forEach(a -> wanted.add(a.asText()));
        List<String[]> mbeans = group == null ? List.of() : mbeans(group, worker);
        g.writeStartObject();
        if (mbeans.isEmpty()) {
          g.writeStringField("error_type", "javax.management.InstanceNotFoundException");
          g.writeStringField("error", "No MBean with pattern " + read.path("mbean").asText() + " found for READ request");
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
    return out.toByteArray();
  }

  /** The REST answers {@code GET /} and {@code GET /connectors?expand=status&expand=info}. */
  public byte[][] restBodies() {
    return new byte[][] {restRoot, restExpanded};
  }

  private static MBeanGroup groupOf(String pattern) {
    for (MBeanGroup g : MBeanGroup.values()) {
      if (g.objectNamePattern().equals(pattern)) {
        return g;
      }
    }
    return null;
  }

  /** [ObjectName as Jolokia writes it (canonical, quoted where needed), identity for values]. */
  private List<String[]> mbeans(MBeanGroup group, int worker) {
    List<String[]> out = new ArrayList<>();
    String client = "\"connect-" + workerId(worker) + "\"";
    switch (group) {
      case WORKER, WORKER_REBALANCE -> out.add(new String[] {group.objectNamePattern(), "w" + worker});
      case COORDINATOR -> out.add(new String[] {"kafka.connect:client-id=" + client
          + ",type=connect-coordinator-metrics", "c" + worker});
      case APP_INFO -> {
        out.add(new String[] {"kafka.connect:client-id=" + client + ",type=app-info", "a" + worker});
        out.add(new String[] {"kafka.connect:client-id=\"" + workerId(worker) + "\",type=app-info", "b" + worker});
      }
      default -> {
        for (int c = 0; c < size.connectors(); c++) {
          String name = connectorName(c);
          if (group == MBeanGroup.CONNECTOR) {
            if (workerOfConnector(c) == worker) {
              out.add(new String[] {"kafka.connect:connector=" + name + ",type=connector-metrics", name});
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
            switch (group) {
              case CONNECTOR_TASK, TASK_ERROR -> out.add(new String[] {"kafka.connect:connector=" + name + ",task=" + t
                  + ",type=" + group.type(), id});
              case SOURCE_TASK -> {
                if (isSource(c)) {
                  out.add(new String[] {"kafka.connect:connector=" + name + ",task=" + t + ",type=source-task-metrics", id});
                }
              }
              case SINK_TASK -> {
                if (!isSource(c)) {
                  out.add(new String[] {"kafka.connect:connector=" + name + ",task=" + t + ",type=sink-task-metrics", id});
                }
              }
              case SINK_CONSUMER -> {
                if (!isSource(c)) {
                  out.add(new String[] {"kafka.consumer:client-id=connector-consumer-" + id
                      + ",type=consumer-fetch-manager-metrics", id});
                }
              }
              case SINK_CONSUMER_PARTITION -> {
                if (!isSource(c)) {
                  out.add(new String[] {"kafka.consumer:client-id=connector-consumer-" + id + ",partition=" + t
                      + ",topic=topic-" + c + ",type=consumer-fetch-manager-metrics", id});
                }
              }
              default -> {
              }
            }
          }
          if (group == MBeanGroup.WORKER_CONNECTOR && any) {
            out.add(new String[] {"kafka.connect:connector=" + name + ",type=connect-worker-metrics", name});
          }
        }
      }
    }
    return out;
  }

  /** The template's attributes (only those asked for), counters growing with the poll number. */
  private void writeAttributes(JsonGenerator g, MBeanGroup group, List<String> wanted, int identity, long poll)
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
        boolean counter = e.getKey().endsWith("-total") || e.getKey().startsWith("total-")
            || e.getKey().startsWith("deadletterqueue-");
        double spread = 1 + Math.floorMod(identity, 7);
        g.writeNumber(counter ? d + poll * spread * 10 : d * (0.9 + 0.2 * ((poll + identity) % 5) / 4.0));
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else {
        g.writeString((String) v);
      }
    }
  }

  private void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      requests.incrementAndGet();
      bytes.addAndGet(body.length);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    rest.stop(0);
    jolokia.forEach(s -> s.stop(0));
    executor.shutdownNow();
  }
}
