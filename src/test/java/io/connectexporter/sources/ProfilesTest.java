package io.connectexporter.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.MetricsSettings;
import io.connectexporter.config.MetricsSettings.Profile;
import io.connectexporter.dashboards.DashboardQueries;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.poll.ClusterNormalizer;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.rest.RestSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The cardinality profiles on the real capture: what each keeps, and that minimal keeps what alerts
 * read.
 */
class ProfilesTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;
  private static final Pattern METRIC =
      Pattern.compile("(?<![:\\w])kafka_connect_[a-z0-9_]+(?![:\\w])");

  static MetricsSettings profile(Profile p) {
    return new MetricsSettings(p, List.of(), List.of(), true);
  }

  static SeriesSet normalize(String version, MetricsSettings settings) {
    ClusterNormalizer normalizer =
        new ClusterNormalizer(
            List.of(new RestSource(), new ConnectMBeanSource()),
            new MetricSelection(settings, false));
    return FirstPoll.normalize(normalizer, Fixtures.snapshot(version));
  }

  /** Families with at least one series. */
  static Set<String> families(SeriesSet s) {
    Set<String> names = new TreeSet<>();
    for (MetricSpec m : Sources.contract()) {
      if (!s.get(m).isEmpty()) {
        names.add(m.name());
      }
    }
    return names;
  }

  /** Source metric names read by the shipped alert rules and the overview dashboard. */
  static Set<String> readByAlertsAndOverview() throws Exception {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(Files.readString(Path.of("alerts/kafka-connect.rules.yml")));
    while (m.find()) {
      names.add(m.group());
    }
    for (DashboardQueries.DashboardQuery q : DashboardQueries.all()) {
      if (q.dashboardUid().equals("kafka-connect-overview")) {
        Matcher e = METRIC.matcher(q.expr());
        while (e.find()) {
          names.add(e.group());
        }
      }
    }
    names.removeIf(n -> n.startsWith("kafka_connect_exporter_"));
    return names;
  }

  @Test
  void everyFamilyOfTheMinimalProfileIsInTheContract() {
    MetricSelection minimal = new MetricSelection(profile(Profile.MINIMAL), false);
    long selected = Sources.contract().stream().filter(minimal::includes).count();
    Set<String> known = new TreeSet<>();
    Sources.contract().forEach(m -> known.add(m.name()));
    for (String name : MetricSelection.MINIMAL_FAMILIES) {
      assertTrue(known.contains(name), name + " is not a family of the contract");
    }
    assertTrue(selected < Sources.contract().size() / 2, "minimal is small: " + selected);
  }

  /**
   * Every family the alerts and the overview read is selected by minimal, the ones the captures
   * lack too (MirrorMaker 2, health): an alert on an unselected family never fires.
   */
  @Test
  void minimalSelectsEveryFamilyTheAlertsAndTheOverviewDashboardRead() throws Exception {
    MetricSelection minimal = new MetricSelection(profile(Profile.MINIMAL), false);
    Set<String> needed = readByAlertsAndOverview();
    Set<String> notSelected = new TreeSet<>();
    for (MetricSpec spec : Sources.contract()) {
      if (needed.contains(spec.name()) && !minimal.includes(spec)) {
        notSelected.add(spec.name());
      }
    }
    assertEquals(Set.of(), notSelected, "alerts or the overview dashboard read them");
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void minimalKeepsEveryFamilyTheAlertsAndTheOverviewDashboardRead(String version)
      throws Exception {
    Set<String> needed = readByAlertsAndOverview();
    Set<String> byDefault = families(normalize(version, MetricsSettings.DEFAULT));
    Set<String> minimal = families(normalize(version, profile(Profile.MINIMAL)));
    Set<String> missing = new TreeSet<>();
    for (String name : needed) {
      // a family the capture has by default must be there in minimal too (mirror, health: not in
      // this capture)
      if (byDefault.contains(name) && !minimal.contains(name)) {
        missing.add(name);
      }
    }
    assertEquals(Set.of(), missing, "alerts or the overview dashboard read them");
    assertTrue(minimal.size() < byDefault.size() / 2, minimal.toString());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void minimalKeepsOnlyTheCurrentStateAndTheTaskLagSum(String version) {
    SeriesSet s =
        normalize(version, new MetricsSettings(Profile.MINIMAL, List.of(), List.of(), false));
    MetricSpec state = spec("kafka_connect_task_state");
    s.get(state).forEach((labels, v) -> assertEquals(1.0, v, "only the current state: " + labels));
    assertTrue(s.get(spec("kafka_connect_sink_task_partition_records_lag")).isEmpty());
    assertFalse(s.get(spec("kafka_connect_sink_task_records_lag")).isEmpty());
  }

  @Test
  void excludeWinsOverIncludeAndPatternsMatchWholeNames() {
    MetricSelection s =
        new MetricSelection(
            new MetricsSettings(
                Profile.MINIMAL,
                List.of(
                    Pattern.compile("kafka_connect_task_batch_size_.*"),
                    Pattern.compile("kafka_connect_task_state")),
                List.of(
                    Pattern.compile("kafka_connect_task_batch_size_max"),
                    Pattern.compile("task_state")),
                true),
            false);
    assertTrue(s.includes(spec("kafka_connect_task_batch_size_avg")));
    assertFalse(s.includes(spec("kafka_connect_task_batch_size_max")), "exclude wins");
    assertTrue(
        s.includes(spec("kafka_connect_task_state")), "a pattern matches the whole name only");
    assertFalse(s.includes(spec("kafka_connect_task_running_ratio")), "not in minimal");
  }

  @Test
  void fullAddsKafkasWindowedRates() {
    MetricSpec rate = spec("kafka_connect_source_task_records_polled_per_second");
    assertFalse(new MetricSelection(MetricsSettings.DEFAULT, false).includes(rate));
    assertTrue(new MetricSelection(profile(Profile.FULL), false).includes(rate));
    assertTrue(
        new MetricSelection(MetricsSettings.DEFAULT, true).includes(rate), "metrics.include-rates");
  }

  static MetricSpec spec(String name) {
    return Sources.contract().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }
}
