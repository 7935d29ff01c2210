package io.connectexporter.demo;

import io.connectexporter.alerts.ShippedAlertmanagerConfig;
import io.connectexporter.it.ExternalServer;
import io.connectexporter.it.Promtool;
import io.connectexporter.it.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus and Alertmanager for the demo, when their Debian packages are installed: the
 * shipped rules and Alertmanager routing, Prometheus scraping the demo's exporter, so that a
 * newcomer sees the demo's failed tasks fire {@code KafkaConnectTaskFailed}. The routing's
 * placeholder receivers are pointed at a local webhook, so notifications are delivered, not failed.
 */
final class DemoMonitoring implements AutoCloseable {

  static final Path RULES = Path.of("alerts", "kafka-connect.rules.yml");

  private final WebhookReceiver webhook;
  private final ExternalServer alertmanager;
  private final ExternalServer prometheus;

  private DemoMonitoring(
      WebhookReceiver webhook, ExternalServer alertmanager, ExternalServer prometheus) {
    this.webhook = webhook;
    this.alertmanager = alertmanager;
    this.prometheus = prometheus;
  }

  /** Starts both, or returns null (and says why) when either is not installed. */
  static DemoMonitoring startIfInstalled(Path dir, int exporterPort) throws Exception {
    for (String binary : List.of("prometheus", "prometheus-alertmanager")) {
      if (Promtool.find(binary).isEmpty()) {
        System.out.println(
            "Prometheus and Alertmanager not started: "
                + binary
                + " is not installed "
                + "(apt-get install prometheus prometheus-alertmanager).");
        return null;
      }
    }
    Files.createDirectories(dir);
    WebhookReceiver webhook = new WebhookReceiver();
    try {
      ExternalServer alertmanager =
          ExternalServer.alertmanager(
              dir, ShippedAlertmanagerConfig.writeFor(dir, webhook.url(), Duration.ofSeconds(10)));
      try {
        ExternalServer prometheus =
            ExternalServer.prometheus(
                dir, exporterPort, alertmanager.port(), List.of(RULES.toAbsolutePath()));
        return new DemoMonitoring(webhook, alertmanager, prometheus);
      } catch (Exception e) {
        alertmanager.close();
        throw e;
      }
    } catch (Exception e) {
      webhook.close();
      throw e;
    }
  }

  String prometheusAlertsUrl() {
    return prometheus.url() + "/alerts";
  }

  String alertmanagerUrl() {
    return alertmanager.url() + "/#/alerts";
  }

  @Override
  public void close() {
    prometheus.close();
    alertmanager.close();
    webhook.close();
  }
}
