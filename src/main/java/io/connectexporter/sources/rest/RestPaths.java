package io.connectexporter.sources.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Paths of the Connect REST API. Connector names can hold spaces, slashes, quotes: always encoded.
 */
public final class RestPaths {

  private RestPaths() {}

  /** {@code /connectors/<name>} with the name as one encoded path segment. */
  public static String connector(String name) {
    return "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The base URL (with or without a trailing slash) joined with a path that starts with {@code /}.
   */
  public static String url(URI base, String path) {
    String s = base.toString();
    return (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + path;
  }
}
