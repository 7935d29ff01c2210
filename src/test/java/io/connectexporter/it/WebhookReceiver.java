package io.connectexporter.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Receives Alertmanager's webhook notifications, as a pager would. */
public final class WebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

  public WebhookReceiver() throws IOException {
    ObjectMapper json = new ObjectMapper();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/alerts",
        exchange -> {
          notifications.add(json.readTree(exchange.getRequestBody()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
  }

  /** Every notification received so far (one per notification group and send), in arrival order. */
  public List<JsonNode> notifications() {
    return List.copyOf(notifications);
  }

  /** Every alert of every notification received so far. */
  public List<JsonNode> alerts() {
    return notifications.stream()
        .flatMap(
            n -> {
              List<JsonNode> alerts = new java.util.ArrayList<>();
              n.path("alerts").forEach(alerts::add);
              return alerts.stream();
            })
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
