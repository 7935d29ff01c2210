package io.connectexporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static ExporterConfig parse(String hocon) {
    return ConfigLoader.fromConfig(ConfigFactory.parseString(hocon));
  }

  private static String problems(String hocon) {
    return assertThrows(InvalidConfigException.class, () -> parse(hocon)).getMessage();
  }

  @Test
  void minimalClusterGetsEveryDefault() {
    ExporterConfig c =
        parse(
            "exporter.clusters = [{ name = prod, rest.urls = [\"http://c1:8083\", \"http://c2:8083\"] }]");
    assertEquals("127.0.0.1", c.listenHost());
    assertEquals(9840, c.listenPort());
    assertEquals(Duration.ofSeconds(15), c.pollInterval());
    assertEquals(Duration.ofSeconds(10), c.pollDeadline());
    assertFalse(c.includeRates());
    ClusterConfig cluster = c.clusters().get(0);
    assertEquals("prod", cluster.name());
    assertEquals(2, cluster.restUrls().size());
    assertEquals("http://{host}:8778/jolokia", cluster.jolokiaUrlTemplate());
    assertTrue(cluster.rest().keepAlive());
    assertFalse(
        cluster.jolokia().keepAlive(), "Jolokia's JDK server stalls on kept-alive connections");
    assertNull(cluster.rest().auth());
    assertNull(cluster.rest().tls());
  }

  @Test
  void perClusterSettingsOverrideDefaults() {
    ExporterConfig c =
        parse(
            """
        exporter.poll.interval = 30s
        exporter.clusters = [{
          name = prod
          rest { urls = ["https://c1:8443"], request-timeout = 1s, auth { username = admin, password = s3cret } }
          jolokia {
            url-template = ""
            endpoints = [{ worker = "c1:8443", url = "http://c1:8778/jolokia" }]
            auth.username = jolokia
          }
        }]
        """);
    ClusterConfig cluster = c.clusters().get(0);
    assertEquals(Duration.ofSeconds(1), cluster.rest().requestTimeout());
    assertEquals("admin", cluster.rest().auth().username());
    assertEquals("jolokia", cluster.jolokia().auth().username());
    assertNull(cluster.jolokiaUrlTemplate(), "empty template disables discovery");
    assertEquals("c1:8443", cluster.jolokiaEndpoints().get(0).workerId());
    assertFalse(cluster.rest().auth().toString().contains("s3cret"), "passwords never printed");
  }

  @Test
  void everyProblemIsReportedWithItsKey() {
    String message =
        problems(
            """
        exporter.listen.port = 70000
        exporter.poll.interval = fast
        exporter.clusters = [
          { name = "", rest.urls = [] },
          { name = b, rest.url = "http://x:8083", rest.urls = ["ftp://x"] },
          { name = b, rest.urls = ["http://user:pw@x:8083"], jolokia.url-template = "http://x:8778/jolokia" }
        ]
        """);
    assertTrue(message.contains("exporter.listen.port: 70000 is out of range"), message);
    assertTrue(message.contains("exporter.poll.interval:"), message);
    assertTrue(message.contains("exporter.clusters[0].name: required"), message);
    assertTrue(message.contains("exporter.clusters[0].rest.urls: required"), message);
    assertTrue(message.contains("exporter.clusters[1].rest.url: unknown key"), message);
    assertTrue(
        message.contains(
            "exporter.clusters[1].rest.urls[0]: \"ftp://x\" is not an http:// or https:// URL"),
        message);
    assertTrue(
        message.contains("exporter.clusters[2].name: \"b\" is used by another cluster"), message);
    assertTrue(message.contains("credentials in the URL are not allowed"), message);
    assertFalse(message.contains("pw@"), "credentials never echoed: " + message);
    assertTrue(
        message.contains(
            "exporter.clusters[2].jolokia.url-template: \"http://x:8778/jolokia\" must contain {host}"),
        message);
  }

  @Test
  void missingClustersAndTyposAtTheTopAreNamed() {
    assertTrue(problems("exporter.pol.interval = 5s").contains("exporter.pol: unknown key"));
    assertTrue(problems("").contains("exporter.clusters: no cluster configured"));
    assertTrue(
        problems(
                "exporter { poll.deadline = 20s, clusters = [{ name = a, rest.urls = [\"http://a:1\"] }] }")
            .contains("exporter.poll.deadline: PT20S is longer than poll.interval"));
  }

  @Test
  void missingTlsFileIsNamed(@TempDir Path dir) {
    String message =
        problems(
            "exporter.clusters = [{ name = a, rest.urls = [\"https://a:1\"], rest.tls.trust-store = \""
                + dir.resolve("missing.p12")
                + "\" }]");
    assertTrue(message.contains("exporter.clusters[0].rest.tls.trust-store: file"), message);
  }

  @Test
  void loadsAFileAndRejectsAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("exporter.conf");
    Files.writeString(
        file, "exporter.clusters = [{ name = a, rest.urls = [\"http://a:8083\"] }]\n");
    assertEquals("a", ConfigLoader.load(file).clusters().get(0).name());
    String message =
        assertThrows(
                InvalidConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.conf")))
            .getMessage();
    assertTrue(message.contains("nope.conf: file not found"), message);
  }

  @Test
  void malformedHoconIsReportedWithItsLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "exporter {\n  clusters = [\n");
    String message =
        assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(file)).getMessage();
    assertTrue(message.contains("bad.conf: 3"), message);
  }

  @Test
  void exampleConfigInTheRepoIsValid() {
    ExporterConfig c = ConfigLoader.load(Path.of("config/exporter.conf"));
    assertFalse(c.clusters().isEmpty());
  }
}
