package io.connectexporter.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.MetricsSettings;
import io.connectexporter.control.ConnectRequestException.Failure;
import io.connectexporter.fixtures.Fixtures;
import io.connectexporter.scrape.LocalHttpServer;
import io.connectexporter.scrape.LocalHttpServer.Answer;
import io.connectexporter.testcluster.Ports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write client over real sockets: which URL gets a request, timeouts, and what an error says.
 */
class ConnectClientTest {

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private LocalHttpServer server() throws Exception {
    LocalHttpServer s = new LocalHttpServer();
    open.add(s);
    return s;
  }

  private ConnectClient client(String... urls) {
    HttpSettings rest =
        new HttpSettings(Duration.ofMillis(500), Duration.ofMillis(500), null, null, true, 1 << 20);
    ConnectClient client =
        ConnectClient.open(
            new ClusterConfig(
                "c",
                List.of("rest", "jolokia"),
                List.of(urls).stream().map(URI::create).toList(),
                rest,
                null,
                List.of(),
                rest,
                1000,
                MetricsSettings.DEFAULT,
                AutoRestartSettings.OFF));
    open.add(client);
    return client;
  }

  private static String closedPort() {
    return "http://127.0.0.1:" + Ports.free();
  }

  private static Answer json(int status, String body) {
    return new Answer(status, body.getBytes(StandardCharsets.UTF_8), 0);
  }

  @Test
  void aReadGoesToTheNextUrlWhenTheFirstIsDown() throws Exception {
    LocalHttpServer up = server().on("/", Answer.ok(Fixtures.bytes("4.3.1", "rest-root.json")));
    assertEquals("4.3.1", client(closedPort(), up.url()).version());
  }

  @Test
  void aChangeGoesToTheNextUrlOnlyWhenTheFirstCouldNotBeConnectedTo() throws Exception {
    LocalHttpServer second = server().on("/connectors/orders/pause", json(202, ""));
    client(closedPort(), second.url()).pause("orders");
    assertEquals(1, second.requests());

    LocalHttpServer slow =
        server().on("/connectors/orders/pause", new Answer(202, new byte[0], 10_000));
    LocalHttpServer other = server().on("/connectors/orders/pause", json(202, ""));
    long start = System.nanoTime();
    ConnectRequestException e =
        assertThrows(
            ConnectRequestException.class, () -> client(slow.url(), other.url()).pause("orders"));
    assertEquals(Failure.UNREACHABLE, e.failure());
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    assertEquals(
        0, other.requests(), "a change that timed out may have been applied: not sent again");
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000,
        "ended by the request timeout");
  }

  @Test
  void connectorNamesAreOnePathSegment() throws Exception {
    LocalHttpServer s =
        server().on("/connectors/orders%20sink%3F%231/tasks/2/restart", json(204, ""));
    client(s.url()).restartTask("orders sink?#1", 2);
    assertEquals(1, s.requests());
  }

  @Test
  void answersAreSortedIntoWhatACallerDoesNext() throws Exception {
    LocalHttpServer s =
        server()
            .on(
                "/connectors/gone/config",
                json(404, "{\"error_code\":404,\"message\":\"Connector gone not found\"}"))
            .on(
                "/connectors/busy/pause",
                json(
                    409,
                    "{\"error_code\":409,\"message\":\"Cannot complete request because"
                        + " of a conflicting operation (e.g. worker rebalance)\"}"))
            .on("/connectors/locked/stop", json(403, ""));
    ConnectClient client = client(s.url());
    assertTrue(client.config("gone").isEmpty());
    ConnectRequestException busy =
        assertThrows(ConnectRequestException.class, () -> client.pause("busy"));
    assertEquals(Failure.CONFLICT, busy.failure());
    assertEquals(
        "PUT /connectors/busy/pause answered HTTP 409: Cannot complete request because of a conflicting"
            + " operation (e.g. worker rebalance)",
        busy.getMessage());
    assertEquals(
        Failure.UNAUTHORIZED,
        assertThrows(ConnectRequestException.class, () -> client.stop("locked")).failure());
    assertEquals(
        Failure.NOT_FOUND,
        assertThrows(ConnectRequestException.class, () -> client.delete("nope")).failure());
  }

  @Test
  void valuesOfTheConfigSentNeverShowInTheError() throws Exception {
    LocalHttpServer s =
        server()
            .on(
                "/connectors/orders/config",
                json(
                    400,
                    "{\"error_code\":400,\"message\":"
                        + "\"Connector configuration is invalid and contains the following 1 error(s):\\nInvalid value"
                        + " hunter2-secret for configuration records.per.second: Not a number of type DOUBLE\\nYou can also find"
                        + " the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`\"}"));
    ConnectRequestException e =
        assertThrows(
            ConnectRequestException.class,
            () ->
                client(s.url())
                    .updateConfig(
                        "orders",
                        Map.of("name", "orders", "records.per.second", "hunter2-secret")));
    assertEquals(Failure.REJECTED, e.failure());
    assertEquals(
        "PUT /connectors/orders/config answered HTTP 400: Connector configuration is invalid and contains"
            + " the following 1 error(s): Invalid value *** for configuration records.per.second: Not a number of type"
            + " DOUBLE",
        e.getMessage());
  }

  @Test
  void connectMessagesAreOneBoundedLine() {
    String message =
        ConnectErrorMessage.of(
            409,
            "/connectors/x/pause",
            ("{\"message\":\"a\\u001b[2J\\n\\nb" + "x".repeat(1000) + "\"}")
                .getBytes(StandardCharsets.UTF_8),
            List.of());
    assertFalse(message.contains("\n") || message.contains("\u001b"), message);
    assertTrue(message.startsWith(": a?[2J; bxxx") && message.length() < 520, message);
    assertEquals(
        "",
        ConnectErrorMessage.of(
            500, "/connectors/x", "<html>".getBytes(StandardCharsets.UTF_8), List.of()));
  }

  @Test
  void aNameJetty12RefusesInAPathIsExplained() throws Exception {
    // Jetty 12's own page for an encoded '/' (Kafka 4.x): no Connect message in it
    LocalHttpServer s =
        server()
            .on(
                "/connectors/a%2Fb/pause",
                json(
                    400,
                    "<html><title>Error 400 Ambiguous URI path" + " separator</title></html>"));
    ConnectRequestException e =
        assertThrows(ConnectRequestException.class, () -> client(s.url()).pause("a/b"));
    assertEquals(
        "PUT /connectors/a%2Fb/pause answered HTTP 400: Connect's web server (Jetty 12, Kafka 4.x) refuses"
            + " an encoded '/', '%' or '\\' in a URL path, so a connector whose name holds one cannot be addressed"
            + " through REST",
        e.getMessage());
  }
}
