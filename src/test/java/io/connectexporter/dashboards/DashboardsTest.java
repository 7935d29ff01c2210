package io.connectexporter.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.dashboards.DashboardQueries.DashboardQuery;
import io.connectexporter.it.Promtool;
import io.connectexporter.metrics.MetricKind;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.sources.Sources;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user importing the dashboards in {@code dashboards/} would check, plus promtool on every
 * query.
 */
class DashboardsTest {

  static final String OVERVIEW = "kafka-connect-overview";
  static final String CONNECTOR = "kafka-connect-connector";
  static final String WORKERS = "kafka-connect-workers";
  static final String MIRRORMAKER = "kafka-connect-mirrormaker";
  static final Set<String> UIDS = Set.of(OVERVIEW, CONNECTOR, WORKERS, MIRRORMAKER);
  static final String TAG = "kafka-connect";
  static final String DS_UID = "${datasource}";
  static final String CLUSTER_QUERY =
      "label_values(kafka_connect_exporter_poll_duration_seconds, cluster)";
  static final String CONNECTOR_QUERY =
      "label_values(kafka_connect_connector_state{cluster=~\"$cluster\"}, connector)";
  static final Set<String> ALLOWED_VARIABLES =
      Set.of(
          "cluster",
          "connector",
          "worker",
          "source_cluster",
          "target_cluster",
          "topic",
          "__rate_interval",
          "__interval",
          "__range");

  static final Pattern METRIC = Pattern.compile("kafka_connect_[a-z0-9_]+");

  /** A metric name and, if present, its label matchers. */
  static final Pattern SELECTOR = Pattern.compile("(kafka_connect_[a-z0-9_]+)\\s*(\\{([^}]*)\\})?");

  static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|irate|increase)\\s*\\(\\s*$");

  static final Map<String, MetricSpec> CONTRACT =
      Sources.contract().stream().collect(Collectors.toMap(MetricSpec::name, Function.identity()));

  final Map<String, JsonNode> dashboards = DashboardQueries.dashboards();

  // ------------------------------------------------------------------------------ dashboards

  @Test
  void everyFileIsValidJsonAndTheUidsAreTheExpectedOnes() {
    List<Path> files = DashboardQueries.dashboardFiles();
    assertEquals(UIDS.size(), files.size(), "dashboard files: " + files);
    Set<String> uids = new HashSet<>();
    for (Path f : files) {
      JsonNode d = DashboardQueries.read(f);
      String uid = d.path("uid").asText();
      assertTrue(uids.add(uid), "duplicate uid " + uid);
      assertEquals(uid + ".json", f.getFileName().toString(), "file named after its uid");
    }
    assertEquals(UIDS, uids);
  }

  @Test
  void dashboardsAreCurrentEditableAndTagged() {
    Set<String> titles = new HashSet<>();
    dashboards.forEach(
        (uid, d) -> {
          assertTrue(
              d.path("schemaVersion").asInt() >= 39,
              uid + ": schemaVersion " + d.path("schemaVersion"));
          assertTrue(d.path("editable").asBoolean(false), uid + ": editable");
          assertTrue(contains(d.path("tags"), TAG), uid + ": tag " + TAG);
          assertTrue(
              d.path("id").isNull() || d.path("id").isMissingNode(),
              uid + ": id must be null for import");
          assertFalse(d.path("title").asText().isBlank(), uid + ": title");
          assertTrue(titles.add(d.path("title").asText()), uid + ": duplicate dashboard title");
          assertFalse(
              d.has("__inputs"),
              uid + ": exported 'for sharing externally' (__inputs): use the datasource variable");
        });
  }

  @Test
  void dashboardsLinkEachOtherByTagKeepingTimeAndVariables() {
    dashboards.forEach(
        (uid, d) -> {
          boolean linked = false;
          for (JsonNode l : d.path("links")) {
            if ("dashboards".equals(l.path("type").asText()) && contains(l.path("tags"), TAG)) {
              assertTrue(l.path("keepTime").asBoolean(), uid + ": link keeps time");
              assertTrue(l.path("includeVars").asBoolean(), uid + ": link keeps variables");
              linked = true;
            }
          }
          assertTrue(linked, uid + ": a link of type dashboards with tag " + TAG);
        });
  }

  @Test
  void dataLinksPointAtExistingDashboards() {
    Pattern target = Pattern.compile("/d/([A-Za-z0-9_-]+)");
    int links = 0;
    for (var e : dashboards.entrySet()) {
      for (JsonNode p : DashboardQueries.panels(e.getValue())) {
        for (JsonNode url : p.findValues("url")) {
          Matcher m = target.matcher(url.asText());
          while (m.find()) {
            assertTrue(
                UIDS.contains(m.group(1)),
                e.getKey()
                    + " / "
                    + p.path("title").asText()
                    + ": data link to unknown dashboard "
                    + m.group(1));
            links++;
          }
        }
      }
    }
    assertTrue(links > 0, "the overview tables link to the connector dashboard");
  }

  @Test
  void variablesExistWithTheExpectedQueries() {
    dashboards.forEach(
        (uid, d) -> {
          Map<String, JsonNode> vars = variables(d);
          JsonNode ds = vars.get("datasource");
          assertTrue(ds != null, uid + ": datasource variable");
          assertEquals("datasource", ds.path("type").asText(), uid + ": datasource variable type");
          assertEquals(
              "prometheus", ds.path("query").asText(), uid + ": datasource variable query");

          assertQueryVariable(uid, vars.get("cluster"), "cluster", CLUSTER_QUERY);
          if (uid.equals(CONNECTOR)) {
            assertQueryVariable(uid, vars.get("connector"), "connector", CONNECTOR_QUERY);
          }
          for (JsonNode v : vars.values()) {
            if (!"datasource".equals(v.path("type").asText())) {
              assertDatasource(uid + " variable " + v.path("name").asText(), v);
            }
          }
        });
  }

  private static void assertQueryVariable(String uid, JsonNode v, String name, String query) {
    assertTrue(v != null, uid + ": variable " + name);
    assertEquals("query", v.path("type").asText(), uid + ": " + name + " variable type");
    String q =
        v.path("query").isTextual()
            ? v.path("query").asText()
            : v.path("query").path("query").asText();
    assertEquals(query, q, uid + ": " + name + " variable query");
    assertEquals(query, v.path("definition").asText(), uid + ": " + name + " variable definition");
    assertTrue(
        v.path("multi").asBoolean() && v.path("includeAll").asBoolean(),
        uid + ": " + name + " multi with All");
  }

  @Test
  void everyPanelHasATitleADatasourceAndTargets() {
    dashboards.forEach(
        (uid, d) -> {
          Set<String> titles = new HashSet<>();
          for (JsonNode p : DashboardQueries.panels(d)) {
            String title = p.path("title").asText();
            assertFalse(title.isBlank(), uid + ": panel " + p.path("id") + " without title");
            assertTrue(titles.add(title), uid + ": duplicate panel title " + title);
            if ("row".equals(p.path("type").asText())) {
              continue;
            }
            String where = uid + " / " + title;
            assertDatasource(where, p);
            assertTrue(p.path("targets").size() > 0, where + ": no targets");
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
              assertFalse(t.path("expr").asText().isBlank(), where + ": target without expr");
              assertFalse(t.path("refId").asText().isBlank(), where + ": target without refId");
              assertTrue(refIds.add(t.path("refId").asText()), where + ": duplicate refId");
              assertDatasource(where + " " + t.path("refId").asText(), t);
            }
          }
        });
  }

  @Test
  void panelsUseModernTypesAndStayOnTheGrid() {
    Set<String> modern =
        Set.of("row", "timeseries", "stat", "table", "bargauge", "state-timeline", "gauge", "text");
    dashboards.forEach(
        (uid, d) -> {
          List<int[]> boxes = new ArrayList<>();
          for (JsonNode p : DashboardQueries.panels(d)) {
            String where = uid + " / " + p.path("title").asText();
            assertTrue(
                modern.contains(p.path("type").asText()), where + ": panel type " + p.path("type"));
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt();
            int y = g.path("y").asInt();
            int w = g.path("w").asInt();
            int h = g.path("h").asInt();
            assertTrue(w > 0 && h > 0 && x >= 0 && x + w <= 24, where + ": gridPos " + g);
            for (int[] b : boxes) {
              boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
              assertFalse(overlap, where + ": overlaps another panel");
            }
            boxes.add(new int[] {x, y, w, h});
          }
        });
  }

  @Test
  void unitsMatchTheMetrics() {
    dashboards.forEach(
        (uid, d) -> {
          for (JsonNode p : DashboardQueries.panels(d)) {
            String type = p.path("type").asText();
            if (!Set.of("timeseries", "stat", "bargauge").contains(type)) {
              continue;
            }
            String where = uid + " / " + p.path("title").asText();
            String unit = p.path("fieldConfig").path("defaults").path("unit").asText();
            List<String> exprs = new ArrayList<>();
            p.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            Set<String> metrics = new TreeSet<>();
            exprs.forEach(e -> metrics.addAll(metricNames(e)));
            if (metrics.stream().allMatch(m -> m.endsWith("_ratio"))) {
              assertEquals("percentunit", unit, where + ": ratios 0-1");
            } else if (metrics.stream().allMatch(m -> m.endsWith("_bytes_total"))
                && exprs.stream().allMatch(e -> e.contains("rate("))) {
              assertEquals("Bps", unit, where + ": bytes per second");
            } else if (exprs.stream().allMatch(DashboardsTest::isSeconds)) {
              assertEquals("s", unit, where + ": seconds");
            } else if (exprs.stream().allMatch(e -> e.contains("rate("))) {
              assertEquals("ops", unit, where + ": per-second rates");
            } else {
              assertTrue(Set.of("short", "none").contains(unit), where + ": counts, unit " + unit);
            }
          }
        });
  }

  /**
   * A query in seconds: of {@code _seconds} gauges only, or seconds per event (a seconds counter
   * over a count).
   */
  static boolean isSeconds(String expr) {
    Set<String> metrics = metricNames(expr);
    if (metrics.stream().allMatch(m -> m.endsWith("_seconds"))) {
      return true;
    }
    return metrics.size() == 2
        && expr.contains("/")
        && metrics.stream().filter(m -> m.endsWith("_seconds_total")).count() == 1
        && metrics.stream().allMatch(m -> m.endsWith("_total"));
  }

  /**
   * Kafka's windowed averages and maxima (attributes {@code *-avg}, {@code *-max}, {@code
   * *-avg-time-ms}...: rebalance, join and sync times, batch sizes, poll/put batch and offset
   * commit times, heartbeat response time, the sink consumer's lag max) have no value once the
   * sample window after the last event has passed: on a quiet, healthy cluster. Shown raw, their
   * panels go blank exactly when all is well; so every one of them is held at its last known value
   * over the time range (or derived from counters), and its panel says what an empty range means.
   * MirrorMaker 2's windowed values (another catalog) are shown raw on purpose (dashboards README).
   */
  @Test
  void windowedAveragesAndMaximaAreNeverShownRawAndTheirPanelsSayWhatEmptyMeans() {
    Set<String> windowed =
        ConnectMBeans.CATALOG.metrics().stream()
            .filter(m -> m.attribute().matches("(.*-)?(avg|max)(-.*)?"))
            .map(m -> m.spec().name())
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(
        windowed.containsAll(
            Set.of(
                "kafka_connect_worker_rebalance_avg_time_seconds",
                "kafka_connect_coordinator_sync_time_max_seconds",
                "kafka_connect_task_batch_size_avg",
                "kafka_connect_source_task_poll_batch_max_time_seconds",
                "kafka_connect_sink_task_put_batch_avg_time_seconds",
                "kafka_connect_task_offset_commit_max_time_seconds",
                "kafka_connect_sink_task_records_lag_max")),
        windowed.toString());
    assertFalse(windowed.contains("kafka_connect_connector_tasks_max"), "a config, not windowed");
    Pattern held = Pattern.compile("\\b(last_over_time|max_over_time|avg_over_time)\\s*\\(\\s*$");
    Set<String> heldPanels = new TreeSet<>();
    for (var e : dashboards.entrySet()) {
      for (JsonNode p : DashboardQueries.panels(e.getValue())) {
        String where = e.getKey() + " / " + p.path("title").asText();
        boolean windowedPanel = false;
        for (JsonNode t : p.path("targets")) {
          String expr = t.path("expr").asText();
          Matcher m = METRIC.matcher(expr);
          while (m.find()) {
            if (windowed.contains(m.group())) {
              assertTrue(
                  held.matcher(expr.substring(0, m.start())).find(),
                  where
                      + ": "
                      + m.group()
                      + " is blank once Kafka's sample window has passed: use last_over_time(...[$__range])");
              assertTrue(
                  expr.substring(m.end()).matches("(?s)\\{[^}]*}\\[\\$__range].*"),
                  where + ": over [$__range]");
              windowedPanel = true;
            }
            // the average rebalance latency, derived from counters instead
            if (m.group().equals("kafka_connect_coordinator_rebalance_latency_seconds_total")) {
              windowedPanel = true;
            }
          }
        }
        if (windowedPanel) {
          heldPanels.add(where);
          assertFalse(
              p.path("fieldConfig").path("defaults").path("noValue").asText().isBlank(),
              where + ": a noValue text that says what an empty time range means");
        }
      }
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                WORKERS + " / Rebalance time",
                WORKERS + " / Coordinator rebalance latency",
                WORKERS + " / Group join and sync time",
                CONNECTOR + " / Sink lag per task",
                CONNECTOR + " / Batch size",
                CONNECTOR + " / Source poll batch time",
                CONNECTOR + " / Sink put batch time",
                CONNECTOR + " / Offset commit time")),
        heldPanels);
  }

  // ------------------------------------------------------------------------------ queries

  @Test
  void thereAreQueries() {
    List<DashboardQuery> all = DashboardQueries.all();
    for (String uid : UIDS) {
      assertTrue(
          all.stream().filter(q -> q.dashboardUid().equals(uid)).count() >= 10, uid + ": queries");
    }
  }

  @Test
  void everyMetricIsInTheContractAndNoneIsAnOptionalWindowedRate() {
    for (DashboardQuery q : DashboardQueries.all()) {
      for (String name : metricNames(q.expr())) {
        MetricSpec spec = CONTRACT.get(name);
        assertTrue(spec != null, where(q) + ": " + name + " is not in the metric contract");
        assertFalse(
            spec.optional() || name.contains("_per_second") || name.endsWith("_per_hour"),
            where(q)
                + ": "
                + name
                + " is only exported with include-rates: use rate() of the counter");
      }
    }
  }

  @Test
  void countersAreOnlyUsedThroughRateOrIncrease() {
    for (DashboardQuery q : DashboardQueries.all()) {
      Matcher m = METRIC.matcher(q.expr());
      while (m.find()) {
        MetricSpec spec = CONTRACT.get(m.group());
        if (spec != null && spec.kind() == MetricKind.COUNTER) {
          assertTrue(
              RANGE_FUNCTION.matcher(q.expr().substring(0, m.start())).find(),
              where(q) + ": counter " + m.group() + " outside rate()/increase()");
        }
      }
    }
  }

  @Test
  void everySelectorFiltersOnTheClusterAndOnConnectorAndWorkerWhereTheDashboardHasThem() {
    for (DashboardQuery q : DashboardQueries.all()) {
      assertTrue(
          q.expr().contains("cluster=~\"$cluster\""), where(q) + ": no cluster=~\"$cluster\"");
      if (q.dashboardUid().equals(CONNECTOR)) {
        assertTrue(
            q.expr().contains("connector=~\"$connector\""),
            where(q) + ": no connector=~\"$connector\"");
      }
      boolean dashboardHasWorker =
          variables(dashboards.get(q.dashboardUid())).containsKey("worker");
      Matcher m = SELECTOR.matcher(q.expr());
      while (m.find()) {
        MetricSpec spec = CONTRACT.get(m.group(1));
        Map<String, String> matchers = matchers(m.group(3));
        if (spec == null) {
          continue; // reported by everyMetricIsInTheContract...
        }
        String sel = where(q) + ": selector " + m.group();
        if (spec.labels().contains("cluster")) {
          assertEquals(
              "=~\"$cluster\"",
              matchers.get("cluster"),
              sel + " must filter cluster=~\"$cluster\"");
        }
        if (q.dashboardUid().equals(CONNECTOR) && spec.labels().contains("connector")) {
          assertEquals(
              "=~\"$connector\"",
              matchers.get("connector"),
              sel + " must filter connector=~\"$connector\"");
        }
        if (dashboardHasWorker && spec.labels().contains("worker")) {
          assertEquals(
              "=~\"$worker\"", matchers.get("worker"), sel + " must filter worker=~\"$worker\"");
        }
      }
    }
  }

  @Test
  void labelsInMatchersAndGroupingsExistOnTheMetrics() {
    for (DashboardQuery q : DashboardQueries.all()) {
      Set<String> available = new HashSet<>();
      Matcher m = SELECTOR.matcher(q.expr());
      while (m.find()) {
        MetricSpec spec = CONTRACT.get(m.group(1));
        if (spec == null) {
          continue;
        }
        available.addAll(spec.labels());
        for (String label : matchers(m.group(3)).keySet()) {
          assertTrue(
              spec.labels().contains(label),
              where(q) + ": " + spec.name() + " has no label " + label);
        }
      }
      Matcher g = GROUPING.matcher(q.expr());
      while (g.find()) {
        for (String label : g.group(2).split(",")) {
          String l = label.strip();
          if (!l.isEmpty()) {
            assertTrue(
                available.contains(l),
                where(q)
                    + ": "
                    + g.group(1)
                    + " ("
                    + l
                    + "): no metric of the query "
                    + "has that label");
          }
        }
      }
    }
  }

  @Test
  void queriesUseOnlyTheKnownVariablesAndTheDashboardDefinesThem() {
    for (DashboardQuery q : DashboardQueries.all()) {
      Map<String, JsonNode> defined = variables(dashboards.get(q.dashboardUid()));
      Matcher m = VARIABLE.matcher(q.expr());
      while (m.find()) {
        String v = m.group(1);
        assertTrue(
            ALLOWED_VARIABLES.contains(v),
            where(q) + ": variable $" + v + " (allowed: " + ALLOWED_VARIABLES + ")");
        assertTrue(
            v.startsWith("__") || defined.containsKey(v),
            where(q) + ": $" + v + " is not a variable of the " + "dashboard");
      }
      assertFalse(
          DashboardQueries.substitute(q.expr(), DashboardQueries.defaultVariables()).contains("$"),
          where(q) + ": a variable is left after substitution");
    }
  }

  @Test
  void emptyWhenHealthyNamesExistingPanelsWithQueries() {
    Map<String, List<String>> empty = DashboardQueries.emptyWhenHealthy();
    assertTrue(
        UIDS.containsAll(empty.keySet()),
        "unknown uids in empty-when-healthy.json: " + empty.keySet());
    Set<String> withQueries = new HashSet<>();
    DashboardQueries.all().forEach(q -> withQueries.add(q.dashboardUid() + " / " + q.panelTitle()));
    empty.forEach(
        (uid, titles) ->
            titles.forEach(
                t ->
                    assertTrue(
                        withQueries.contains(uid + " / " + t),
                        "empty-when-healthy.json: no panel " + uid + " / " + t)));
    assertTrue(
        DashboardQueries.emptyWhenHealthy(
            new DashboardQuery(OVERVIEW, "Failed and unassigned tasks", "A", "")),
        "the failed tasks table is empty when all is healthy");
  }

  @Test
  void readmeListsThePanelsThatAreEmptyWhenHealthy() throws Exception {
    String readme = Files.readString(DashboardQueries.dashboardsDir().resolve("README.md"));
    DashboardQueries.emptyWhenHealthy()
        .forEach(
            (uid, titles) ->
                titles.forEach(
                    t ->
                        assertTrue(
                            readme.contains(t),
                            "dashboards/README.md does not mention empty-when-healthy panel "
                                + uid
                                + " / "
                                + t)));
    UIDS.forEach(
        uid -> assertTrue(readme.contains(uid), "dashboards/README.md does not mention " + uid));
  }

  /**
   * Every query, variables substituted, parses as PromQL: promtool checks it as a recording rule.
   */
  @Test
  void promtoolAcceptsEveryQuery(@TempDir Path dir) throws Exception {
    String promtool = Promtool.binary("promtool");
    ObjectMapper json = new ObjectMapper();
    ObjectNode file = json.createObjectNode();
    ObjectNode group = file.putArray("groups").addObject().put("name", "dashboards");
    ArrayNode rules = group.putArray("rules");
    List<DashboardQuery> all = DashboardQueries.all();
    for (int i = 0; i < all.size(); i++) {
      rules
          .addObject()
          .put("record", "dashboard_query:" + i)
          .put("expr", all.get(i).expr(DashboardQueries.defaultVariables()));
    }
    Path rulesFile = dir.resolve("dashboard-rules.yml"); // JSON is YAML
    Files.writeString(rulesFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(file));
    Process p =
        new ProcessBuilder(promtool, "check", "rules", rulesFile.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool check rules hung");
    }
    assertEquals(
        0,
        p.exitValue(),
        "promtool check rules failed:\n" + out + "\nrule index -> query:\n" + index(all));
    assertTrue(out.contains("SUCCESS: " + all.size() + " rules found"), out);
  }

  // ------------------------------------------------------------------------------ helpers

  private static String index(List<DashboardQuery> all) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < all.size(); i++) {
      sb.append(i).append(": ").append(where(all.get(i))).append('\n');
    }
    return sb.toString();
  }

  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** Label name to operator and quoted value, e.g. {@code cluster -> =~"$cluster"}. */
  static Map<String, String> matchers(String inBraces) {
    Map<String, String> out = new LinkedHashMap<>();
    if (inBraces == null) {
      return out;
    }
    Matcher m = MATCHER.matcher(inBraces);
    while (m.find()) {
      out.put(m.group(1), m.group(2) + "\"" + m.group(3) + "\"");
    }
    return out;
  }

  private static Map<String, JsonNode> variables(JsonNode dashboard) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    dashboard.path("templating").path("list").forEach(v -> out.put(v.path("name").asText(), v));
    return out;
  }

  private static void assertDatasource(String where, JsonNode withDatasource) {
    JsonNode ds = withDatasource.path("datasource");
    assertEquals("prometheus", ds.path("type").asText(), where + ": datasource type");
    assertEquals(DS_UID, ds.path("uid").asText(), where + ": datasource uid");
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String where(DashboardQuery q) {
    return q.dashboardUid() + " / " + q.panelTitle() + " / " + q.refId();
  }
}
