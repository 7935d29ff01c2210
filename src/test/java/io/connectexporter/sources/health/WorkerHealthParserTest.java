package io.connectexporter.sources.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.ScrapeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The answers of {@code GET /health} captured from real 4.3.1 and 3.9.2 workers, classified. */
class WorkerHealthParserTest {

  static final java.util.List<String> VERSIONS = Fixtures.VERSIONS;
  private static final String URL = "http://connect-1:8083/health";

  private static WorkerHealth parse(String version, String kind) throws ScrapeException {
    Fixtures.HealthAnswer answer = Fixtures.health(version, kind);
    return WorkerHealthParser.parse(URL, answer.httpStatus(), answer.body());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void aRunningWorkerIsHealthy(String version) throws Exception {
    WorkerHealth health = parse(version, "healthy");
    assertEquals(WorkerHealth.Status.HEALTHY, health.status());
    assertEquals(200, health.httpStatus());
    assertTrue(health.healthy());
    assertEquals("Worker has completed startup and is ready to handle requests.", health.message());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void aWorkerReadingItsInternalTopicsIsStartingNotDown(String version) throws Exception {
    WorkerHealth health = parse(version, "starting");
    assertEquals(WorkerHealth.Status.STARTING, health.status());
    assertEquals(503, health.httpStatus());
    assertFalse(health.healthy());
    assertTrue(
        health
            .message()
            .startsWith(
                "Worker is still starting up. The worker is currently initializing"
                    + " and reading to the end of internal topics, which began at "),
        health.message());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void aWorkerWhoseHerderThreadIsBusyIsUnhealthyWithTheStageItIsIn(String version)
      throws Exception {
    WorkerHealth health = parse(version, "unhealthy");
    assertEquals(WorkerHealth.Status.UNHEALTHY, health.status());
    assertEquals(500, health.httpStatus());
    assertTrue(
        health.message().contains("generating task configs for connector slow-task-planning"),
        health.message());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void connectsOwn404IsAnOlderWorkerWithoutTheEndpoint(String version) throws Exception {
    WorkerHealth health = parse(version, "unsupported");
    assertEquals(WorkerHealth.Status.UNSUPPORTED, health.status());
    assertEquals(404, health.httpStatus());
    assertFalse(health.healthy());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void theWebServers404BeforeTheApiIsRegisteredIsStartingNotUnsupported(String version)
      throws Exception {
    // Jetty's own error page, JSON because we ask for JSON: {"message":"Not
    // Found","status":"404",...}
    WorkerHealth health = parse(version, "api-not-registered");
    assertEquals(404, health.httpStatus());
    assertEquals(WorkerHealth.Status.STARTING, health.status());
    assertEquals(WorkerHealthParser.API_NOT_REGISTERED, health.message());
  }

  @Test
  void anOkAnswerThatIsNotAHealthAnswerIsUnparsable() {
    ScrapeException e =
        assertThrows(
            ScrapeException.class,
            () ->
                WorkerHealthParser.parse(
                    URL, 200, "<html>login</html>".getBytes(StandardCharsets.UTF_8)));
    assertEquals("unparsable", e.reason());
  }

  @Test
  void aRefusedRequestIsAFailedRequestNotAHealthState() {
    ScrapeException e =
        assertThrows(
            ScrapeException.class,
            () ->
                WorkerHealthParser.parse(
                    URL,
                    401,
                    "{\"error_code\":401,\"message\":\"User cannot access the resource.\"}"
                        .getBytes(StandardCharsets.UTF_8)));
    assertEquals("http_401", e.reason());
    assertFalse(
        e.getMessage().contains("User cannot"),
        "bodies stay out of error messages: " + e.getMessage());
  }

  @Test
  void connectsErrorMapper500IsAFailedRequest() {
    ScrapeException e =
        assertThrows(
            ScrapeException.class,
            () ->
                WorkerHealthParser.parse(
                    URL,
                    500,
                    "{\"error_code\":500,\"message\":\"Request timed out\"}"
                        .getBytes(StandardCharsets.UTF_8)));
    assertEquals("http_500", e.reason());
  }

  @Test
  void aStatusWordOfALaterConnectIsUnknownNotAFailure() throws Exception {
    WorkerHealth health =
        WorkerHealthParser.parse(
            URL,
            503,
            "{\"status\":\"draining\",\"message\":\"Worker is shutting down.\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(WorkerHealth.Status.UNKNOWN, health.status());
    assertEquals("Worker is shutting down.", health.message());
  }

  @Test
  void aLongMessageIsCutAndControlCharactersRemoved() throws Exception {
    String longMessage = "line one\nline two " + "x".repeat(2 * WorkerHealth.MAX_MESSAGE_LENGTH);
    WorkerHealth health =
        WorkerHealthParser.parse(
            URL,
            500,
            ("{\"status\":\"unhealthy\",\"message\":\"" + longMessage.replace("\n", "\\n") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertTrue(health.message().startsWith("line one line two "), health.message());
    assertEquals(WorkerHealth.MAX_MESSAGE_LENGTH + 3, health.message().length());
  }
}
