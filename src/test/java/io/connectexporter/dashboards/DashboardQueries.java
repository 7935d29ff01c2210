package io.connectexporter.dashboards;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Grafana dashboards in {@code dashboards/} and their PromQL queries, for tests: the structure
 * checks in {@link DashboardsTest} and tests that run every query against a real Prometheus.
 */
public final class DashboardQueries {

  /**
   * The file that lists, per dashboard uid, the titles of panels that have no series while all is
   * healthy.
   */
  public static final String EMPTY_WHEN_HEALTHY_FILE = "empty-when-healthy.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * One query of one panel, with the dashboard variables ({@code $cluster}, {@code
   * $__rate_interval}...) left in place.
   */
  public record DashboardQuery(String dashboardUid, String panelTitle, String refId, String expr) {

    /** The expression with the variables replaced by {@link #substitute(String, Map)}. */
    public String expr(Map<String, String> variables) {
      return substitute(expr, variables);
    }
  }

  private DashboardQueries() {}

  /** {@code dashboards/} of the project: searched from the working directory upwards. */
  public static Path dashboardsDir() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("dashboards"))) {
        return d.resolve("dashboards");
      }
    }
    throw new IllegalStateException("no dashboards/ next to a pom.xml above " + dir);
  }

  /** Every dashboard JSON file (not {@value #EMPTY_WHEN_HEALTHY_FILE}), sorted by name. */
  public static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(dashboardsDir())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals(EMPTY_WHEN_HEALTHY_FILE))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("not valid JSON: " + file, e);
    }
  }

  /** Every dashboard by uid, in file order. */
  public static Map<String, JsonNode> dashboards() {
    Map<String, JsonNode> byUid = new LinkedHashMap<>();
    for (Path f : dashboardFiles()) {
      JsonNode d = read(f);
      if (byUid.put(d.path("uid").asText(), d) != null) {
        throw new IllegalStateException(
            "duplicate dashboard uid " + d.path("uid").asText() + " in " + f);
      }
    }
    return byUid;
  }

  /** Every panel of the dashboard, rows included, also those nested in collapsed rows. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      for (JsonNode nested : p.path("panels")) {
        out.add(nested);
      }
    }
    return out;
  }

  /** Every query of every panel of every dashboard, variables left in place. */
  public static List<DashboardQuery> all() {
    List<DashboardQuery> out = new ArrayList<>();
    dashboards()
        .forEach(
            (uid, d) -> {
              for (JsonNode p : panels(d)) {
                for (JsonNode t : p.path("targets")) {
                  out.add(
                      new DashboardQuery(
                          uid,
                          p.path("title").asText(),
                          t.path("refId").asText(),
                          t.path("expr").asText()));
                }
              }
            });
    return out;
  }

  /**
   * {@code dashboards/empty-when-healthy.json}: dashboard uid to titles of panels without series
   * while healthy.
   */
  public static Map<String, List<String>> emptyWhenHealthy() {
    JsonNode n = read(dashboardsDir().resolve(EMPTY_WHEN_HEALTHY_FILE));
    Map<String, List<String>> out = new LinkedHashMap<>();
    n.fields()
        .forEachRemaining(
            e -> {
              List<String> titles = new ArrayList<>();
              e.getValue().forEach(t -> titles.add(t.asText()));
              out.put(e.getKey(), List.copyOf(titles));
            });
    return out;
  }

  public static boolean emptyWhenHealthy(DashboardQuery q) {
    return emptyWhenHealthy().getOrDefault(q.dashboardUid(), List.of()).contains(q.panelTitle());
  }

  /**
   * Values for every variable the dashboards may use in a query: all clusters, connectors and
   * workers, a one-minute rate window, a 15 s interval and a one-hour range.
   */
  public static Map<String, String> defaultVariables() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("cluster", ".*");
    v.put("connector", ".*");
    v.put("worker", ".*");
    v.put("source_cluster", ".*");
    v.put("target_cluster", ".*");
    v.put("topic", ".*");
    v.put("__rate_interval", "1m");
    v.put("__interval", "15s");
    v.put("__range", "1h");
    return v;
  }

  /**
   * Replaces {@code $name} and {@code ${name}} for every name in {@code variables}, longest names
   * first.
   */
  public static String substitute(String expr, Map<String, String> variables) {
    List<String> names = new ArrayList<>(variables.keySet());
    names.sort(Comparator.comparingInt(String::length).reversed());
    String out = expr;
    for (String name : names) {
      out =
          out.replace("${" + name + "}", variables.get(name))
              .replace("$" + name, variables.get(name));
    }
    return out;
  }
}
