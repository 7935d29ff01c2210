package io.connectexporter.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: which sources a cluster reads, and a bad name named before anything starts. */
class SourcesTest {

  private static ExporterConfig config(String sources) {
    return ConfigLoader.fromConfig(
        ConfigFactory.parseString(
            "exporter.clusters = [{ name = a, rest.urls = [\"http://a:8083\"]"
                + (sources == null ? "" : ", sources = " + sources)
                + " }]"));
  }

  @Test
  void theDefaultIsRestJolokiaAndHealthInRegistrationOrder() {
    List<String> names =
        Sources.enabled(config(null).clusters().get(0)).stream().map(Source::name).toList();
    assertEquals(List.of("rest", "jolokia", "health"), names);
  }

  @Test
  void mirrorIsOptInAndOrderInTheListDoesNotMatter() {
    List<String> names =
        Sources.enabled(config("[mirror, rest]").clusters().get(0)).stream()
            .map(Source::name)
            .toList();
    assertEquals(List.of("rest", "mirror"), names);
  }

  @Test
  void anUnknownSourceIsAConfigurationErrorNamingTheKnownOnes() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> Sources.check(config("[rest, jolokai]")));
    assertTrue(
        e.getMessage().contains("exporter.clusters[0].sources: unknown source \"jolokai\"")
            && e.getMessage().contains("rest, jolokia, health, mirror"),
        e.getMessage());
  }

  @Test
  void anEmptyOrRepeatedListIsRefusedByTheLoader() {
    assertThrows(InvalidConfigException.class, () -> config("[]"));
    assertThrows(InvalidConfigException.class, () -> config("[rest, rest]"));
  }

  @Test
  void everySourcesSliceIsInTheContractOnce() {
    List<String> names = Sources.contract().stream().map(m -> m.name()).toList();
    assertEquals(names.size(), names.stream().distinct().count(), "each family once");
    for (String source : Sources.names()) {
      Source<?> s = Sources.enabled(config("[" + source + "]").clusters().get(0)).get(0);
      s.metrics()
          .forEach(m -> assertTrue(Sources.contract().contains(m), source + ": " + m.name()));
    }
  }
}
