package io.connectexporter.metrics;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.it.Promtool;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The whole contract as rendered from real captures (rates included) passes promtool's linter. */
class ExpositionLintTest {

  static final List<String> VERSIONS = Fixtures.VERSIONS;

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void promtoolCheckMetricsIsClean(String version) throws Exception {
    SeriesSet s = new ClusterNormalizer(true).normalize(Fixtures.snapshot(version));
    Promtool.assertCheckMetricsClean(ClusterNormalizerTest.text(s));
  }
}
