package io.connectexporter.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Connect said when it refused a request, made safe to print: one bounded line without control
 * characters, with the values of the config we sent masked (a validator may quote the value it
 * refused, and that value may be a password).
 */
final class ConnectErrorMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Keys whose values stay readable in Connect's messages: they name things, they are no secrets.
   */
  private static final Set<String> NOT_SECRET = Set.of("name", "connector.class");

  private static final int SHORTEST_MASKED_VALUE = 3;
  private static final int MAX_LENGTH = 500;

  private ConnectErrorMessage() {}

  /** The values of a connector config to mask out of Connect's answer to a request that sent it. */
  static List<String> maskedValues(Map<String, String> config) {
    return config.entrySet().stream()
        .filter(e -> !NOT_SECRET.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /**
   * {@code ": <message>"} from Connect's error answer ({@code {"error_code":409,"message":"..."}}),
   * or "" when it has none. A config validation error lists each problem on a line of its own: they
   * are joined into one line.
   */
  static String of(int status, String path, byte[] body, Collection<String> secrets) {
    String message;
    try {
      message = JSON.readTree(body).path("message").asText("");
    } catch (IOException | RuntimeException e) {
      message = "";
    }
    if (message.isEmpty() && status == 400 && path.matches("/connectors/[^/?]*%(2F|25|5C).*")) {
      // Not Connect's answer but its web server's: Jetty 12 (Kafka 4.x) refuses an encoded '/',
      // '%' or '\' in a path ("Ambiguous URI path separator/encoding"; measured on 4.3.1).
      return ": Connect's web server (Jetty 12, Kafka 4.x) refuses an encoded '/', '%' or '\\' in a URL path,"
          + " so a connector whose name holds one cannot be addressed through REST";
    }
    StringBuilder oneLine = new StringBuilder();
    for (String line : message.split("\n")) {
      if (line.isBlank() || line.startsWith("You can also find the above list of errors")) {
        continue;
      }
      // "...contains the following 2 error(s):" then one error a line
      String separator =
          oneLine.length() == 0 ? "" : oneLine.charAt(oneLine.length() - 1) == ':' ? " " : "; ";
      oneLine.append(separator).append(line.strip());
    }
    String safe = oneLine.toString();
    List<String> longestFirst =
        secrets.stream()
            .filter(s -> s != null && s.length() >= SHORTEST_MASKED_VALUE)
            .sorted((a, b) -> b.length() - a.length())
            .toList();
    for (String secret : longestFirst) {
      safe = safe.replace(secret, "***");
    }
    safe = safe.replaceAll("\\p{Cntrl}", "?");
    if (safe.length() > MAX_LENGTH) {
      safe = safe.substring(0, MAX_LENGTH) + "...";
    }
    return safe.isEmpty() ? "" : ": " + safe;
  }
}
