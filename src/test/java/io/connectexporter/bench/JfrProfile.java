package io.connectexporter.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a flight recording of the exporter says its CPU went to: the execution samples ({@code
 * jdk.ExecutionSample}) counted by the step of a poll they were in (the first frame from the top of
 * the stack that belongs to a known step; Jackson's frames count for the parser that called them),
 * by thread, by top frame, and the allocation samples ({@code jdk.ObjectAllocationSample}, by
 * weight) by step, since allocation is what the garbage collector's threads (not sampled here) are
 * paid for.
 *
 * <p>{@code java -cp target/test-classes io.connectexporter.bench.JfrProfile
 * target/benchmark/ours.jfr}
 */
public final class JfrProfile {

  /**
   * Steps of a poll, matched against frames from the top of the stack down: the first match wins.
   */
  private static final Map<String, String> STEPS = new LinkedHashMap<>();

  static {
    STEPS.put("java.util.zip.", "gzip, gunzip (java.util.zip)");
    STEPS.put(
        "io.connectexporter.metrics.ExpositionFormat",
        "render text, OpenMetrics (ExpositionFormat)");
    STEPS.put("io.connectexporter.metrics.SnapshotStore", "publish (SnapshotStore)");
    STEPS.put("io.connectexporter.metrics.GzippedExposition", "publish (SnapshotStore)");
    STEPS.put("javax.management.ObjectName", "ObjectName parse");
    STEPS.put(
        "io.connectexporter.scrape.jolokia.", "Jolokia parse (scrape.jolokia, Jackson included)");
    STEPS.put("io.connectexporter.scrape.rest.", "REST parse (scrape.rest, Jackson included)");
    STEPS.put("io.connectexporter.metrics.", "normalize (metrics)");
    STEPS.put("io.connectexporter.state.", "state tracking");
    STEPS.put("io.connectexporter.http.", "our /metrics, status page");
    STEPS.put("io.connectexporter.", "other exporter code");
    STEPS.put("org.apache.hc.", "HTTP client (HttpClient 5)");
    STEPS.put("sun.net.httpserver.", "JDK HTTP server");
    STEPS.put("io.prometheus.", "Prometheus client library");
    STEPS.put("sun.security.", "TLS");
    STEPS.put("sun.nio.", "NIO / sockets");
    STEPS.put("java.net.", "sockets");
    STEPS.put("ch.qos.logback.", "logging");
    STEPS.put("org.slf4j.", "logging");
    STEPS.put("java.util.concurrent.", "thread pools");
  }

  private JfrProfile() {}

  public static void main(String[] args) throws IOException {
    print(Path.of(args[0]), System.out);
  }

  public static void print(Path recording, PrintStream out) throws IOException {
    Map<String, Integer> bySteps = new HashMap<>();
    Map<String, Integer> byTop = new HashMap<>();
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, Double> allocBySteps = new HashMap<>();
    int samples = 0;
    double allocated = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        samples++;
        bySteps.merge(step(e.getStackTrace()), 1, Integer::sum);
        byTop.merge(top(e.getStackTrace()), 1, Integer::sum);
        String thread =
            e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
        byThread.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", ""), 1, Integer::sum);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        double weight = e.getLong("weight");
        allocated += weight;
        allocBySteps.merge(step(e.getStackTrace()), weight, Double::sum);
      }
    }
    out.printf(
        Locale.ROOT,
        "%d execution samples (Java code only: GC and JIT threads are not sampled)%n",
        samples);
    printShares(out, "by step of the poll", bySteps, samples, 30);
    printShares(out, "by thread", byThread, samples, 15);
    printShares(out, "by top frame", byTop, samples, 30);
    out.printf(
        Locale.ROOT, "allocation samples: %.0f MiB in total (by weight)%n", allocated / (1 << 20));
    Map<String, Integer> allocPercent = new HashMap<>();
    double allocTotal = Math.max(1, allocated);
    allocBySteps.forEach((k, v) -> allocPercent.put(k, (int) Math.round(v / allocTotal * 1000)));
    printShares(out, "allocation by step (per mille)", allocPercent, 1000, 20);
  }

  static String step(RecordedStackTrace stack) {
    if (stack == null) {
      return "(no stack)";
    }
    for (RecordedFrame f : stack.getFrames()) {
      String type = f.getMethod().getType().getName();
      for (Map.Entry<String, String> s : STEPS.entrySet()) {
        if (type.startsWith(s.getKey())) {
          return s.getValue();
        }
      }
    }
    List<RecordedFrame> frames = stack.getFrames();
    for (RecordedFrame f : frames) {
      if (f.getMethod().getType().getName().startsWith("com.fasterxml.jackson.")) {
        return "JSON (Jackson, elsewhere)";
      }
    }
    return frames.isEmpty()
        ? "(empty stack)"
        : "other: " + frames.get(0).getMethod().getType().getName();
  }

  static String top(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    RecordedFrame f = stack.getFrames().get(0);
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void printShares(
      PrintStream out, String title, Map<String, Integer> counts, int total, int limit) {
    out.println(title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %5.1f %%  %6d  %s%n",
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getValue(),
                    e.getKey()));
  }
}
