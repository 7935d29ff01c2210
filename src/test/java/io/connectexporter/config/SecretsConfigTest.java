package io.connectexporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.connectexporter.tls.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords from files or the environment, and never shown: not in problems, not in --check-config.
 */
class SecretsConfigTest {

  private static final String HASH = "$2y$10$fyh5yZk2I/hAnsZ6cuN5Bu7vCijJuBq0WDY.n/2ZkgS1GwbKUk4tC";

  @TempDir Path dir;

  private static ExporterConfig parse(String hocon) {
    return ConfigLoader.fromConfig(ConfigFactory.parseString(hocon));
  }

  private static String problems(String hocon) {
    return assertThrows(InvalidConfigException.class, () -> parse(hocon)).getMessage();
  }

  private static String cluster(String settings) {
    return "exporter.clusters = [{ name = prod, rest.urls = [\"http://c1:8083\"]\n"
        + settings
        + "\n}]\n";
  }

  @Test
  void passwordsComeFromFilesWithoutTheirLineBreak() throws Exception {
    Path rest = Files.writeString(dir.resolve("rest"), TestSecrets.REST_PASSWORD + "\n");
    Path jolokia = Files.writeString(dir.resolve("jolokia"), TestSecrets.JOLOKIA_PASSWORD + "\r\n");
    Path store = Files.writeString(dir.resolve("store"), TestSecrets.STORE_PASSWORD);
    Path trustStore = Files.writeString(dir.resolve("trust.p12"), "not read here");
    ClusterConfig c =
        parse(
                cluster(
                    "rest.auth { username = exporter, password-file = \""
                        + rest
                        + "\" }\n"
                        + "jolokia.auth { username = jolokia, password-file = \""
                        + jolokia
                        + "\" }\n"
                        + "jolokia.tls { trust-store = \""
                        + trustStore
                        + "\", trust-store-password-file = \""
                        + store
                        + "\" }"))
            .clusters()
            .get(0);
    assertEquals(TestSecrets.REST_PASSWORD, c.rest().auth().password());
    assertEquals(TestSecrets.JOLOKIA_PASSWORD, c.jolokia().auth().password());
    assertEquals(TestSecrets.STORE_PASSWORD, c.jolokia().tls().trustStorePassword());
  }

  @Test
  void passwordsComeFromTheEnvironmentBySubstitution() {
    String home = System.getenv("HOME");
    ClusterConfig c =
        parse(cluster("rest.auth { username = exporter, password = ${HOME} }")).clusters().get(0);
    assertEquals(home, c.rest().auth().password());
  }

  @Test
  void problemsNameTheKeyAndFileButNeverTheSecret() throws Exception {
    Path file = Files.writeString(dir.resolve("rest"), TestSecrets.REST_PASSWORD);
    String both =
        problems(
            cluster(
                "rest.auth { username = a, password = \""
                    + TestSecrets.REST_PASSWORD
                    + "\", password-file = \""
                    + file
                    + "\" }"));
    assertTrue(both.contains("rest.auth.password and password-file are both set"), both);
    String missing =
        problems(
            cluster("rest.auth { username = a, password-file = \"" + dir.resolve("nope") + "\" }"));
    assertTrue(
        missing.contains("rest.auth.password-file: cannot read " + dir.resolve("nope")), missing);
    String plainPassword =
        problems(
            cluster("")
                + "exporter.listen.basic-auth.users { prometheus = \""
                + TestSecrets.SCRAPE_PASSWORD
                + "\" }");
    assertTrue(
        plainPassword.contains("exporter.listen.basic-auth.users.prometheus: not a bcrypt hash"),
        plainPassword);
    for (String message : new String[] {both, missing, plainPassword}) {
      for (String secret : TestSecrets.all()) {
        assertFalse(message.contains(secret), message);
      }
    }
  }

  @Test
  void listenTlsSettingsThatCannotWorkAreNamed() throws Exception {
    Path pem = Files.writeString(dir.resolve("x.pem"), "");
    String noCa =
        problems(
            cluster("")
                + "exporter.listen.tls { cert-file = \""
                + pem
                + "\", key-file = \""
                + pem
                + "\", client-auth = required }");
    assertTrue(
        noCa.contains("exporter.listen.tls.client-ca-file: required when client-auth is required"),
        noCa);
    String both =
        problems(
            cluster("")
                + "exporter.listen.tls { cert-file = \""
                + pem
                + "\", key-file = \""
                + pem
                + "\", key-store = \""
                + pem
                + "\" }");
    assertTrue(
        both.contains("set either cert-file and key-file (PEM) or key-store, not both"), both);
    String half = problems(cluster("") + "exporter.listen.tls { cert-file = \"" + pem + "\" }");
    assertTrue(half.contains("cert-file and key-file go together"), half);
    String noTls = problems(cluster("") + "exporter.listen.tls { client-auth = optional }");
    assertTrue(noTls.contains("client-auth and client-ca-file need TLS"), noTls);
    String version = problems(cluster("") + "exporter.listen.tls { min-version = TLSv1.1 }");
    assertTrue(
        version.contains("exporter.listen.tls.min-version: \"TLSv1.1\" is not TLSv1.2 or TLSv1.3"),
        version);
    assertEquals(ListenSecurity.NONE, parse(cluster("")).listenSecurity(), "off by default");
  }

  @Test
  void checkConfigOutputRedactsEverySecret() throws Exception {
    Path storePassword =
        Files.writeString(dir.resolve("store-password"), TestSecrets.STORE_PASSWORD);
    Path keyStore = Files.writeString(dir.resolve("server.p12"), "not read here");
    Path file =
        Files.writeString(
            dir.resolve("exporter.conf"),
            cluster(
                    "rest.auth { username = exporter, password = \""
                        + TestSecrets.REST_PASSWORD
                        + "\" }\n"
                        + "rest.tls { trust-store = \""
                        + keyStore
                        + "\", trust-store-password = \""
                        + TestSecrets.STORE_PASSWORD
                        + "\", key-store = \""
                        + keyStore
                        + "\", key-store-password = \""
                        + TestSecrets.STORE_PASSWORD
                        + "\", key-password = \""
                        + TestSecrets.STORE_PASSWORD
                        + "\" }\n"
                        + "jolokia.auth { username = jolokia, password = \""
                        + TestSecrets.JOLOKIA_PASSWORD
                        + "\" }")
                + "exporter.listen.tls { key-store = \""
                + keyStore
                + "\", key-store-password-file = \""
                + storePassword
                + "\" }\n"
                + "exporter.listen.basic-auth.users { prometheus = \""
                + HASH
                + "\" }\n");
    ConfigLoader.load(file);
    String shown = ConfigLoader.describeRedacted(file);
    for (String secret : TestSecrets.all()) {
      assertFalse(shown.contains(secret), shown);
    }
    assertFalse(shown.contains(HASH), shown);
    assertTrue(
        shown.contains("username=exporter")
            || shown.contains("username = exporter")
            || shown.contains("\"username\" : \"exporter\"")
            || shown.contains("username=\"exporter\""),
        shown);
    assertTrue(shown.contains(storePassword.toString()), "the -file paths stay: " + shown);
    assertEquals(
        6,
        shown.split(java.util.regex.Pattern.quote("<redacted>"), -1).length - 1,
        "4 in rest (auth, trust store, key store, key), 1 in jolokia, 1 hash: " + shown);
  }
}
