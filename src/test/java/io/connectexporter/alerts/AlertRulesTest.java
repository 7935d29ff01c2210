package io.connectexporter.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectexporter.dashboards.DashboardQueries;
import io.connectexporter.it.Promtool;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.sources.Sources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped alert rules: valid, unit-tested with promtool, on metric names that exist. */
class AlertRulesTest {

  static final Path RULES = Path.of("alerts/kafka-connect.rules.yml");
  static final Path TESTS_DIR = Path.of("alerts/tests");

  /** The two link bases: the only URLs in the rules file, to be replaced once by the operator. */
  static final String RUNBOOK_BASE =
      "https://git.example.com/kafka-connect-exporter/blob/main/alerts/README.md";

  static final String GRAFANA_BASE = "https://grafana.example.com";

  static final Path ALERTMANAGER = ShippedAlertmanagerConfig.FILE;

  private static String promtool(String... args) throws Exception {
    return run("promtool", args);
  }

  private static String run(String binary, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Promtool.binary(binary)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), binary + " " + String.join(" ", args) + ":\n" + out);
    return out;
  }

  @Test
  void promtoolChecksTheRules() throws Exception {
    assertTrue(promtool("check", "rules", RULES.toString()).contains("SUCCESS"));
  }

  static List<Path> testFiles() throws Exception {
    try (var files = Files.list(TESTS_DIR)) {
      return files.filter(f -> f.toString().endsWith(".test.yml")).sorted().toList();
    }
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    List<Path> files = testFiles();
    assertTrue(files.size() >= 2, files.toString());
    for (Path f : files) {
      assertTrue(promtool("test", "rules", f.toString()).contains("SUCCESS"), f.toString());
    }
  }

  /**
   * The same promtool tests, with the state series as profile minimal exports them: only the
   * current state's series exists (a 0 sample of a state series becomes a missing one). Every
   * expected alert must still fire, and no other.
   */
  @Test
  void promtoolUnitTestsPassOnTheMinimalProfilesStateSeriesToo(@TempDir Path dir) throws Exception {
    Path tests = Files.createDirectories(dir.resolve("tests"));
    Files.copy(RULES, dir.resolve(RULES.getFileName()));
    int rewritten = 0;
    for (Path f : testFiles()) {
      List<String> out = new java.util.ArrayList<>();
      boolean stateSeries = false;
      for (String line : Files.readAllLines(f)) {
        if (line.trim().startsWith("- series:")) {
          stateSeries =
              line.contains("kafka_connect_connector_state{")
                  || line.contains("kafka_connect_task_state{");
        } else if (stateSeries && line.trim().startsWith("values:")) {
          String indent = line.substring(0, line.indexOf("values:"));
          String values = line.substring(line.indexOf('\'') + 1, line.lastIndexOf('\''));
          line = indent + "values: '" + currentStateOnly(values) + "'";
          rewritten++;
          stateSeries = false;
        }
        out.add(line);
      }
      Files.write(tests.resolve(f.getFileName()), out);
    }
    assertTrue(rewritten > 20, "state series found in the tests: " + rewritten);
    for (Path f : testFiles()) {
      assertTrue(
          promtool("test", "rules", tests.resolve(f.getFileName()).toString()).contains("SUCCESS"),
          f.toString());
    }
  }

  /** promtool series values with every 0 made missing ({@code 0x10} is 11 zeros: {@code _x11}). */
  static String currentStateOnly(String values) {
    List<String> out = new java.util.ArrayList<>();
    Pattern p = Pattern.compile("(-?[0-9.]+)(?:([+-][0-9.]+))?x([0-9]+)");
    for (String token : values.trim().split("\\s+")) {
      Matcher t = p.matcher(token);
      if (token.equals("0")) {
        out.add("_");
      } else if (t.matches()
          && Double.parseDouble(t.group(1)) == 0
          && (t.group(2) == null || Double.parseDouble(t.group(2)) == 0)) {
        out.add("_x" + (Integer.parseInt(t.group(3)) + 1));
      } else {
        assertTrue(
            !t.matches() || t.group(2) == null || Double.parseDouble(t.group(2)) == 0,
            "a state series is 0 or 1, not a ramp: " + token);
        out.add(token);
      }
    }
    return String.join(" ", out);
  }

  @Test
  void everyAlertHasSeverityTextsRunbookAndUnitTests() throws Exception {
    String rules = Files.readString(RULES);
    StringBuilder tests = new StringBuilder();
    for (Path f : testFiles()) {
      tests.append(Files.readString(f));
    }
    String runbook = Files.readString(Path.of("alerts/README.md"));
    List<String> alerts = names(rules);
    assertTrue(alerts.size() >= 16, alerts.toString());
    for (String alert : alerts) {
      String block = rules.substring(rules.indexOf("alert: " + alert));
      int next = block.indexOf("- alert:", 10);
      block = next > 0 ? block.substring(0, next) : block;
      assertTrue(block.matches("(?s).*severity: (critical|warning).*"), alert + " has a severity");
      assertTrue(
          block.contains("summary:") && block.contains("description:"), alert + " has texts");
      assertTrue(
          block.contains("runbook_url: \"" + RUNBOOK_BASE + "#" + alert.toLowerCase() + "\""),
          alert + " runbook_url");
      assertTrue(
          block.contains("dashboard_url: \"" + GRAFANA_BASE + "/d/kafka-connect-"),
          alert + " dashboard_url");
      assertTrue(runbook.contains("## " + alert), alert + " is in the runbook");
      long cases = Pattern.compile("alertname: " + alert + "\\b").matcher(tests).results().count();
      assertTrue(cases >= 2, alert + " is tested firing and silent (" + cases + " cases)");
    }
  }

  @Test
  void theExampleAlertmanagerConfigIsValidAndRoutesEveryAlertBySeverity() throws Exception {
    assertTrue(run("amtool", "check-config", ALERTMANAGER.toString()).contains("SUCCESS"));
    String rules = Files.readString(RULES);
    for (String alert : names(rules)) {
      String block = rules.substring(rules.indexOf("alert: " + alert));
      Matcher severity = Pattern.compile("severity: (\\w+)").matcher(block);
      assertTrue(severity.find(), alert);
      String receiver =
          run(
                  "amtool",
                  "config",
                  "routes",
                  "test",
                  "--config.file=" + ALERTMANAGER,
                  "alertname=" + alert,
                  "severity=" + severity.group(1),
                  "cluster=c",
                  "connector=x")
              .strip();
      assertEquals(
          "critical".equals(severity.group(1)) ? "kafka-connect-pager" : "kafka-connect-chat",
          receiver.lines().filter(l -> l.startsWith("kafka-connect-")).findFirst().orElse(receiver),
          alert);
    }
  }

  @Test
  void rulesUseOnlyMetricsOfTheContract() throws Exception {
    Set<String> known =
        Sources.contract().stream().map(MetricSpec::name).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    // Not the middle part of a recording rule's level:metric:operation name.
    Matcher m =
        Pattern.compile("(?<![:\\w])kafka_connect_[a-z0-9_]+(?![:\\w])")
            .matcher(Files.readString(RULES));
    while (m.find()) {
      if (!known.contains(m.group())) {
        unknown.add(m.group());
      }
    }
    assertEquals(Set.of(), unknown);
  }

  @Test
  void recordedSeriesAreUsedOnlyWhereARuleRecordsThem() throws Exception {
    String rules = Files.readString(RULES);
    Set<String> recorded =
        Pattern.compile("- record: (\\S+)")
            .matcher(rules)
            .results()
            .map(r -> r.group(1))
            .collect(Collectors.toSet());
    assertTrue(
        recorded.contains("cluster_connector:kafka_connect_records:rate5m"), recorded.toString());
    Matcher used = Pattern.compile("\\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\\b").matcher(rules);
    while (used.find()) {
      assertTrue(recorded.contains(used.group()), used.group() + " is used but no rule records it");
    }
  }

  /**
   * runbook_url and dashboard_url are full URLs built from two bases; the sed command documented in
   * the rules file and in alerts/README.md changes every link, and nothing else.
   */
  @Test
  void linksAreBuiltFromTwoBasesThatOneCommandChanges(@TempDir Path dir) throws Exception {
    String rules = Files.readString(RULES);
    List<String> urls =
        Pattern.compile("https?://[^\\s\"']+")
            .matcher(rules)
            .results()
            .map(r -> r.group())
            .toList();
    assertTrue(urls.size() >= 2 * names(rules).size(), urls.toString());
    for (String url : urls) {
      assertTrue(
          url.startsWith(RUNBOOK_BASE) || url.startsWith(GRAFANA_BASE),
          "a URL not built from a base: " + url);
    }
    Map<String, JsonNode> dashboards = DashboardQueries.dashboards();
    Matcher link =
        Pattern.compile(
                "dashboard_url: \"" + Pattern.quote(GRAFANA_BASE) + "/d/([\\w-]+)\\?([^\"]+)\"")
            .matcher(rules);
    int links = 0;
    while (link.find()) {
      JsonNode dashboard = dashboards.get(link.group(1));
      assertTrue(dashboard != null, "dashboard_url to unknown dashboard " + link.group(1));
      Set<String> variables = new TreeSet<>();
      dashboard
          .path("templating")
          .path("list")
          .forEach(v -> variables.add(v.path("name").asText()));
      for (String param : link.group(2).split("&")) {
        String name = param.substring(0, param.indexOf('=')).replaceFirst("^var-", "");
        assertTrue(
            variables.contains(name),
            link.group() + ": dashboard " + link.group(1) + " has no variable " + name);
        assertTrue(
            param.matches("var-\\w+=\\{\\{ \\$labels\\.\\w+ \\| urlquery }}"),
            "label URL-escaped: " + param);
      }
      links++;
    }
    assertEquals(names(rules).size(), links, "one dashboard_url per alert");

    String command =
        "sed -e 's|"
            + RUNBOOK_BASE
            + "|https://YOUR-RUNBOOKS|g' \\\n"
            + "#       -e 's|"
            + GRAFANA_BASE
            + "|https://YOUR-GRAFANA|g' alerts/kafka-connect.rules.yml > kafka-connect.rules.yml";
    assertTrue(rules.contains(command), "the rules file documents the command");
    assertTrue(
        Files.readString(Path.of("alerts/README.md")).contains(command.replace("\n#", "\n")),
        "alerts/README.md documents the command");
    Path changed = dir.resolve("kafka-connect.rules.yml");
    run(
        "sh",
        "-c",
        "sed -e 's|"
            + RUNBOOK_BASE
            + "|https://wiki.corp.test/kafka-connect|g' -e 's|"
            + GRAFANA_BASE
            + "|https://grafana.corp.test|g' "
            + RULES
            + " > "
            + changed);
    String after = Files.readString(changed);
    assertFalse(after.contains("example.com"), "a link kept the example base");
    assertEquals(
        rules.split(Pattern.quote(RUNBOOK_BASE), -1).length,
        after.split(Pattern.quote("https://wiki.corp.test/kafka-connect"), -1).length);
    assertEquals(
        rules.split(Pattern.quote(GRAFANA_BASE), -1).length,
        after.split(Pattern.quote("https://grafana.corp.test"), -1).length);
    assertTrue(promtool("check", "rules", changed.toString()).contains("SUCCESS"));
  }

  static List<String> names(String rules) {
    return Pattern.compile("- alert: (\\w+)")
        .matcher(rules)
        .results()
        .map(r -> r.group(1))
        .toList();
  }
}
