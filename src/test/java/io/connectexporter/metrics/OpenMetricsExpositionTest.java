package io.connectexporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.poll.FirstPoll;
import io.connectexporter.sources.jolokia.ConnectMBeans;
import io.connectexporter.sources.rest.RestMetrics;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The OpenMetrics /metrics serves to Prometheus (our own writer, pre-rendered) says what the client
 * library's OpenMetrics writer says: the same families, each with its TYPE and HELP lines first,
 * and the same samples (the client sorts families and samples; we keep insertion order).
 */
class OpenMetricsExpositionTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void ourWriterSaysWhatTheClientLibrarysWriterSays(String version) throws Exception {
    SeriesSet s = FirstPoll.normalize(FirstPoll.normalizer(true), Fixtures.snapshot(version));
    assertSameFamilies(s);
  }

  @Test
  void awkwardLabelValuesAndSecondClusterAreWrittenAlike() throws Exception {
    SeriesSet a = new SeriesSet();
    a.add(
        RestMetrics.CONNECTOR_STATE,
        1,
        "c\"1",
        "quote\" back\\slash new\nline ünï €",
        "w:8083",
        "RUNNING");
    a.add(RestMetrics.CONNECTOR_STATE, 0, "c\"1", "", "", "FAILED");
    a.add(ConnectMBeans.WORKER_INFO, 1, "c\"1", "w:8083", "4.3.1", "abc");
    a.add(RestMetrics.CONNECTOR_STATE_CHANGES, 3, "c\"1", "x");
    a.add(RestMetrics.CONNECTOR_STATE_CHANGES, 1.5e-7, "c\"1", "y");
    SeriesSet b = new SeriesSet();
    b.add(RestMetrics.CONNECTOR_STATE, 1, "c2", "x", "w:8083", "PAUSED");
    b.add(RestMetrics.CONNECTOR_STATE_CHANGES, 12345678912345.0, "c2", "x");
    assertSameFamilies(a, b);
  }

  private static void assertSameFamilies(SeriesSet... sets) throws Exception {
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(client, SeriesSet.toSnapshots(List.of(sets)));
    String expected = client.toString(StandardCharsets.UTF_8);
    assertTrue(expected.endsWith("# EOF\n"));
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ExpositionFormat.OPENMETRICS.write(List.of(sets), ours);
    String actual = ours.toString(StandardCharsets.UTF_8);
    assertEquals(
        expected.substring(0, expected.length() - "# EOF\n".length()).length(),
        actual.length(),
        "same bytes in all");
    assertEquals(
        families(expected.substring(0, expected.length() - "# EOF\n".length())), families(actual));
  }

  /**
   * Family name → [TYPE line, HELP line, sorted samples]; fails if a family's lines are not
   * together.
   */
  private static Map<String, List<Object>> families(String exposition) {
    Map<String, List<Object>> out = new TreeMap<>();
    String current = null;
    Set<String> samples = null;
    List<String> lines = exposition.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("# TYPE ")) {
        current = line.split(" ")[2];
        assertTrue(!out.containsKey(current), current + " written twice");
        String help = lines.get(++i);
        assertTrue(help.startsWith("# HELP " + current + " "), help);
        samples = new TreeSet<>();
        List<Object> family = new ArrayList<>(List.of(line, help));
        family.add(samples);
        out.put(current, family);
      } else {
        assertTrue(
            current != null && line.startsWith(current), line + " outside its family " + current);
        samples.add(line);
      }
    }
    return out;
  }
}
