package io.connectexporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.it.Promtool;
import io.connectexporter.poll.FirstPoll;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The text /metrics serves (our own writer, from pre-rendered bytes) is what the client library's
 * writer would produce, and the whole contract rendered from real captures (rates included) passes
 * promtool's linter.
 */
class ExpositionLintTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;

  static String ours(SeriesSet s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.TEXT.write(List.of(s), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void promtoolCheckMetricsIsClean(String version) throws Exception {
    SeriesSet s = FirstPoll.normalize(FirstPoll.normalizer(true), Fixtures.snapshot(version));
    Promtool.assertCheckMetricsClean(ours(s));
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void ourWriterSaysWhatTheClientLibrarysWriterSays(String version) throws Exception {
    SeriesSet s = FirstPoll.normalize(FirstPoll.normalizer(true), Fixtures.snapshot(version));
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(client, s.toSnapshots());
    // The client sorts series within a family; we keep insertion order. Compare the lines as sets.
    Set<String> expected = new TreeSet<>(client.toString(StandardCharsets.UTF_8).lines().toList());
    Set<String> actual = new TreeSet<>(ours(s).lines().toList());
    assertEquals(expected, actual);
  }
}
