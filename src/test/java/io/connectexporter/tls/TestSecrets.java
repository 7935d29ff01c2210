package io.connectexporter.tls;

import java.util.List;

/**
 * Every password the tests use, in one place, so that {@code SecretsInLogs} can search the whole
 * integration suite's output for them. Each is distinctive (never a word a log would hold by
 * chance). A test that needs a new secret adds it here and to {@link #all()}.
 */
public final class TestSecrets {

  /** Of every PKCS12 file {@link TestPki} writes (key stores and trust stores). */
  public static final String STORE_PASSWORD = "st0re-Pw-7f3a9c1e";

  /** Basic auth user of the exporter's own endpoints ({@code exporter.listen.basic-auth}). */
  public static final String SCRAPE_USER = "prometheus";

  public static final String SCRAPE_PASSWORD = "scr4pe-Pw-2b8d6e04";

  /** Basic auth towards Connect's REST API ({@code rest.auth}). */
  public static final String REST_USER = "exporter";

  public static final String REST_PASSWORD = "r3st-Pw-91c4aa5f";

  /** Basic auth towards the Jolokia agents ({@code jolokia.auth}). */
  public static final String JOLOKIA_USER = "jolokia";

  public static final String JOLOKIA_PASSWORD = "j0lokia-Pw-5e07b3d2";

  private TestSecrets() {}

  /** Every secret above: {@code SecretsInLogs} searches the run's logs for each. */
  public static List<String> all() {
    return List.of(STORE_PASSWORD, SCRAPE_PASSWORD, REST_PASSWORD, JOLOKIA_PASSWORD);
  }

  /** User and password pairs sent as basic auth (searched for as their base64 header too). */
  public static List<String[]> userPasswordPairs() {
    return List.of(
        new String[] {SCRAPE_USER, SCRAPE_PASSWORD},
        new String[] {REST_USER, REST_PASSWORD},
        new String[] {JOLOKIA_USER, JOLOKIA_PASSWORD});
  }
}
