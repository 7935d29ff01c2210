package io.connectexporter.sources.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectexporter.scrape.ScrapeException;
import java.io.IOException;
import java.util.Locale;

/**
 * Classifies an answer of {@code GET /health}. Connect answers every outcome of its check with a
 * body {@code {"status": "...", "message": "..."}}: 200 {@code healthy}, 503 {@code starting}, 500
 * {@code unhealthy}; the body's {@code status} decides. A 404 comes in two kinds (measured on 4.3.1
 * and 3.9.2):
 *
 * <ul>
 *   <li>Connect's own {@code {"error_code":404,"message":"HTTP 404 Not Found"}}: its API is up and
 *       has no such endpoint, a worker before 3.9: {@link WorkerHealth.Status#UNSUPPORTED};
 *   <li>anything else (the web server's own error page): the REST server listens but Connect has
 *       not registered its API yet, which every worker does for a while as it starts (seconds; the
 *       herder is being built): {@link WorkerHealth.Status#STARTING}.
 * </ul>
 *
 * Any other answer (401, 403, a 500 of Connect's error mapper) is a failed request, as for the
 * other sources. Bodies never go into an error message.
 */
public final class WorkerHealthParser {

  /** What we say of a worker whose REST server answers but whose API is not registered yet. */
  static final String API_NOT_REGISTERED =
      "The worker's REST server is up but its API is not registered yet:"
          + " the worker is still starting up.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkerHealthParser() {}

  public static WorkerHealth parse(String url, int httpStatus, byte[] body) throws ScrapeException {
    JsonNode node = json(body);
    WorkerHealth.Status status = node == null ? null : connectStatus(node.get("status"));
    if (status != null) {
      return new WorkerHealth(status, message(node.get("message")), httpStatus);
    }
    boolean connectError = node != null && node.path("error_code").isInt();
    if (httpStatus == 404) {
      return connectError
          ? new WorkerHealth(WorkerHealth.Status.UNSUPPORTED, "", httpStatus)
          : new WorkerHealth(WorkerHealth.Status.STARTING, API_NOT_REGISTERED, httpStatus);
    }
    // A web server's own error page in JSON has "status": "500": a number, not a status word.
    boolean healthAnswer =
        node != null
            && !connectError
            && node.path("status").asText("").matches("[A-Za-z_]+")
            && (httpStatus == 200 || httpStatus == 500 || httpStatus == 503);
    if (healthAnswer) {
      // A status word we do not know: a later Connect. Not a failed request.
      return new WorkerHealth(
          WorkerHealth.Status.UNKNOWN, message(node.get("message")), httpStatus);
    }
    if (httpStatus == 200) {
      throw ScrapeException.unparsable(
          url, "a health answer without a text \"status\" field", null);
    }
    throw ScrapeException.httpStatus(url, httpStatus);
  }

  /** The class of one of Connect's three status words, or null for anything else. */
  private static WorkerHealth.Status connectStatus(JsonNode status) {
    if (status == null || !status.isTextual()) {
      return null;
    }
    return switch (status.asText().toLowerCase(Locale.ROOT)) {
      case "healthy" -> WorkerHealth.Status.HEALTHY;
      case "starting" -> WorkerHealth.Status.STARTING;
      case "unhealthy" -> WorkerHealth.Status.UNHEALTHY;
      default -> null;
    };
  }

  /** The body as a JSON object, or null when it is empty, not JSON or not an object. */
  private static JsonNode json(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null; // not Connect's answer: the HTTP status decides
    }
  }

  private static String message(JsonNode message) {
    if (message == null || !message.isTextual()) {
      return "";
    }
    String text = message.asText().replaceAll("\\p{Cntrl}", " ").strip();
    return text.length() <= WorkerHealth.MAX_MESSAGE_LENGTH
        ? text
        : text.substring(0, WorkerHealth.MAX_MESSAGE_LENGTH) + "...";
  }
}
