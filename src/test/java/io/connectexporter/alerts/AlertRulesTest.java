package io.connectexporter.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.it.Promtool;
import io.connectexporter.metrics.MetricContract;
import io.connectexporter.metrics.MetricSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped alert rules: valid, unit-tested with promtool, on metric names that exist. */
class AlertRulesTest {

  static final Path RULES = Path.of("alerts/kafka-connect.rules.yml");
  static final Path TESTS = Path.of("alerts/tests/kafka-connect.rules.test.yml");

  static final Path ALERTMANAGER = Path.of("alerts/alertmanager.example.yml");

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

  @Test
  void promtoolUnitTestsPass() throws Exception {
    assertTrue(promtool("test", "rules", TESTS.toString()).contains("SUCCESS"));
  }

  @Test
  void everyAlertHasSeverityTextsRunbookAndUnitTests() throws Exception {
    String rules = Files.readString(RULES);
    String tests = Files.readString(TESTS);
    String runbook = Files.readString(Path.of("alerts/README.md"));
    List<String> alerts = names(rules);
    assertTrue(alerts.size() >= 14, alerts.toString());
    for (String alert : alerts) {
      String block = rules.substring(rules.indexOf("alert: " + alert));
      int next = block.indexOf("- alert:", 10);
      block = next > 0 ? block.substring(0, next) : block;
      assertTrue(block.matches("(?s).*severity: (critical|warning).*"), alert + " has a severity");
      assertTrue(block.contains("summary:") && block.contains("description:"), alert + " has texts");
      assertTrue(block.contains("runbook: \"alerts/README.md#" + alert.toLowerCase() + "\""), alert + " runbook");
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
      String receiver = run("amtool", "config", "routes", "test", "--config.file=" + ALERTMANAGER,
          "alertname=" + alert, "severity=" + severity.group(1), "cluster=c", "connector=x").strip();
      assertEquals("critical".equals(severity.group(1)) ? "kafka-connect-pager" : "kafka-connect-chat",
          receiver.lines().filter(l -> l.startsWith("kafka-connect-")).findFirst().orElse(receiver), alert);
    }
  }

  @Test
  void rulesUseOnlyMetricsOfTheContract() throws Exception {
    Set<String> known = MetricContract.all().stream().map(MetricSpec::name).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    Matcher m = Pattern.compile("kafka_connect_[a-z0-9_]+").matcher(Files.readString(RULES));
    while (m.find()) {
      if (!known.contains(m.group())) {
        unknown.add(m.group());
      }
    }
    assertEquals(Set.of(), unknown);
  }

  static List<String> names(String rules) {
    return Pattern.compile("- alert: (\\w+)").matcher(rules).results().map(r -> r.group(1)).toList();
  }
}
