package io.connectexporter.config;

/** Basic auth credentials. {@link #toString()} never shows the password. */
public record BasicAuth(String username, String password) {

  @Override
  public String toString() {
    return "BasicAuth[username=" + username + ", password=***]";
  }
}
