package io.connectexporter.config;

import java.nio.file.Path;

/**
 * Trust store (to verify the server) and key store (client certificate), each optional. Passwords
 * are never shown by {@link #toString()}.
 */
public record TlsSettings(
    Path trustStore,
    String trustStorePassword,
    String trustStoreType,
    Path keyStore,
    String keyStorePassword,
    String keyPassword,
    String keyStoreType,
    boolean verifyHostname) {

  @Override
  public String toString() {
    return "TlsSettings[trustStore="
        + trustStore
        + ", keyStore="
        + keyStore
        + ", verifyHostname="
        + verifyHostname
        + "]";
  }
}
