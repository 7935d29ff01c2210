package io.connectexporter.config;

import java.util.Map;

/**
 * How the exporter's own endpoints are protected.
 *
 * @param tls null: plain HTTP
 * @param users basic auth users and their bcrypt hashes; empty: no basic auth
 * @param openHealthEndpoints {@code /-/healthy} and {@code /-/ready} answer without basic auth (for
 *     probes that cannot send a password); TLS still applies
 */
public record ListenSecurity(
    ListenTls tls, Map<String, String> users, boolean openHealthEndpoints) {

  /** Plain HTTP, no password: the default. */
  public static final ListenSecurity NONE = new ListenSecurity(null, Map.of(), false);

  public ListenSecurity {
    users = Map.copyOf(users);
  }

  @Override
  public String toString() {
    return "ListenSecurity[tls="
        + tls
        + ", users="
        + users.keySet()
        + ", openHealthEndpoints="
        + openHealthEndpoints
        + "]";
  }
}
