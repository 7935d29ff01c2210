package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectexporter.testcluster.ConnectCluster;
import io.connectexporter.testcluster.ConnectorAdmin;
import io.connectexporter.testcluster.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The status page in a real headless Chromium, served by the exporter polling the real cluster: a
 * FAILED task is listed with its exception and worker, and a connector named like markup is shown
 * as text, never run. Read through the browser's DOM, as a person would see it; a screenshot is
 * saved to {@code target/status-page.png} for a person to look at.
 *
 * <p>The markup name is {@code <img src=x onerror=alert(1)>}: unescaped, it opens an alert as soon as
 * the page loads. {@code <script>alert(1)</script>} cannot be used against a real Connect: its
 * {@code /} (sent as {@code %2F}) makes Connect's Jetty answer 400 to every call naming the connector,
 * so it could be neither created through {@code PUT /connectors/NAME/config} nor deleted afterwards
 * (StatusPageTest renders that name).
 */
class StatusPageBrowserIT {

  static final String MARKUP_NAME = "<img src=x onerror=alert(1)>";
  static final String FAILING_SINK = "status-failing-sink";
  static final String SOURCE = "status-source";
  static ConnectCluster cluster;
  static ConnectorAdmin admin;
  static ExporterUnderTest exporter;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(1400, 1600); // fails under CI=true, skips loudly elsewhere
    cluster = ConnectCluster.shared();
    admin = cluster.admin();
    exporter = ExporterUnderTest.start(cluster, "browser");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (exporter != null) {
      exporter.close();
    }
    if (admin != null) {
      for (String name : List.of(FAILING_SINK, SOURCE, MARKUP_NAME)) {
        admin.deleteQuietly(name);
      }
    }
  }

  @Test
  void theFailedTaskIsListedAndAMarkupNameIsShownAsText() throws Exception {
    admin.create(SOURCE, TestConnectors.rateSource("status-page", 20, 1));
    admin.create(FAILING_SINK, TestConnectors.failingSink("status-page", 1, 5));
    admin.create(MARKUP_NAME, TestConnectors.failingConnector());
    admin.awaitTaskState(FAILING_SINK, 0, "FAILED", Duration.ofSeconds(90));
    admin.awaitConnectorState(MARKUP_NAME, "FAILED", Duration.ofSeconds(90));
    String worker = ConnectorAdmin.task(admin.status(FAILING_SINK), 0).path("worker_id").asText();
    exporter.awaitScrape("the exporter sees both failures", Duration.ofSeconds(60), m ->
        !m.find("kafka_connect_task_failure_info", "connector", FAILING_SINK).isEmpty()
            && !m.find("kafka_connect_connector_failure_info", "connector", MARKUP_NAME).isEmpty());

    browser.get(exporter.baseUrl() + "/");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no script ran");
    assertEquals("Kafka Connect exporter", browser.getTitle());
    WebElement section = browser.findElement(By.cssSelector("section.cluster[data-cluster='browser']"));

    List<List<String>> attention = rows(section, "table.attention");
    List<String> failedTask = attention.stream()
        .filter(r -> r.get(0).equals(FAILING_SINK) && r.get(1).equals("0")).findFirst()
        .orElseThrow(() -> new AssertionError("no row for the FAILED task in " + attention));
    assertEquals("FAILED", failedTask.get(2));
    assertEquals(worker, failedTask.get(5));
    assertEquals("org.apache.kafka.connect.errors.ConnectException", failedTask.get(6));
    assertTrue(failedTask.get(3).matches("\\d+ (s|min \\d+ s)"), "how long FAILED: " + failedTask.get(3));
    assertEquals("FAILED", attention.get(0).get(2), "FAILED first: " + attention);

    List<String> markup = attention.stream().filter(r -> r.get(1).equals("(connector)")
        && r.get(0).contains("alert(1)")).findFirst()
        .orElseThrow(() -> new AssertionError("no row for the FAILED markup-named connector in " + attention));
    assertEquals(MARKUP_NAME, markup.get(0), "the name is shown as the literal text");
    assertTrue(rows(section, "table.connectors").stream().anyMatch(r -> r.get(0).equals(MARKUP_NAME)));
    assertTrue(browser.findElements(By.tagName("script")).isEmpty(), "no script element in the DOM");
    assertTrue(browser.findElements(By.tagName("img")).isEmpty(), "the name made no element");

    assertTrue(section.findElement(By.cssSelector("div.auto-restart")).getText().contains("Auto-restart: off"));
    List<List<String>> targets = rows(section, "table.targets");
    assertEquals(1 + cluster.workers().size(), targets.size(), "the REST API and every worker's Jolokia: " + targets);
    assertTrue(targets.stream().allMatch(r -> r.get(3).equals("up")), "all reachable: " + targets);
    assertTrue(section.findElement(By.cssSelector("p.poll")).getText().startsWith("Last poll completed "));
    assertEquals(List.of("/metrics", "/-/healthy", "/-/ready"), browser.findElements(By.cssSelector("p.links a"))
        .stream().map(WebElement::getText).toList());

    Path shot = Path.of("target", "status-page.png");
    Files.createDirectories(shot.getParent());
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("status page screenshot: " + shot.toAbsolutePath());
  }

  /** The text of every cell of every body row of the table, as the browser renders it. */
  private static List<List<String>> rows(WebElement section, String table) {
    return section.findElement(By.cssSelector(table)).findElements(By.cssSelector("tbody tr")).stream()
        .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
        .toList();
  }
}
