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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The status page in a real headless Chromium, served by the exporter polling the real cluster: a
 * FAILED task is listed with its exception and worker, and a connector named like markup is shown
 * as text, never run. Read through the browser's DOM, as a person would see it; a screenshot is
 * saved to {@code target/status-page.png} for a person to look at.
 *
 * <p>The markup name is {@code <img src=x onerror=alert(1)>}: unescaped, it opens an alert as soon
 * as the page loads. {@code <script>alert(1)</script>} cannot be used against a real Connect: its
 * {@code /} (sent as {@code %2F}) makes Connect's Jetty answer 400 to every call naming the
 * connector, so it could be neither created through {@code PUT /connectors/NAME/config} nor deleted
 * afterwards (StatusPageTest renders that name). A second connector, {@code <script>alert(2)}, has
 * the {@code <script>} tag without a {@code /}: unescaped, it would open a script element that
 * swallows the rest of the page.
 */
class StatusPageBrowserIT {

  static final String MARKUP_NAME = "<img src=x onerror=alert(1)>";
  static final String SCRIPT_NAME = "<script>alert(2)";
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
      for (String name : List.of(FAILING_SINK, SOURCE, MARKUP_NAME, SCRIPT_NAME)) {
        admin.deleteQuietly(name);
      }
    }
  }

  @Test
  void theFailedTaskIsListedAndAMarkupNameIsShownAsText() throws Exception {
    admin.create(SOURCE, TestConnectors.rateSource("status-page", 20, 1));
    admin.create(FAILING_SINK, TestConnectors.failingSink("status-page", 1, 5));
    admin.create(MARKUP_NAME, TestConnectors.failingConnector());
    admin.create(SCRIPT_NAME, TestConnectors.failingConnector());
    admin.awaitTaskState(FAILING_SINK, 0, "FAILED", Duration.ofSeconds(90));
    admin.awaitConnectorState(MARKUP_NAME, "FAILED", Duration.ofSeconds(90));
    admin.awaitConnectorState(SCRIPT_NAME, "FAILED", Duration.ofSeconds(90));
    String worker = ConnectorAdmin.task(admin.status(FAILING_SINK), 0).path("worker_id").asText();
    exporter.awaitScrape(
        "the exporter sees both failures",
        Duration.ofSeconds(60),
        m ->
            !m.find("kafka_connect_task_failure_info", "connector", FAILING_SINK).isEmpty()
                && !m.find("kafka_connect_connector_failure_info", "connector", MARKUP_NAME)
                    .isEmpty()
                && !m.find("kafka_connect_connector_failure_info", "connector", SCRIPT_NAME)
                    .isEmpty());

    browser.get(exporter.baseUrl() + "/");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no script ran");
    Map<String, Object> page = read("browser");
    assertEquals("Kafka Connect exporter", page.get("title"));

    List<List<String>> attention = table(page, "attention");
    List<String> failedTask =
        attention.stream()
            .filter(r -> r.get(0).equals(FAILING_SINK) && r.get(1).equals("0"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row for the FAILED task in " + attention));
    assertEquals("FAILED", failedTask.get(2));
    assertEquals(worker, failedTask.get(5));
    assertEquals("org.apache.kafka.connect.errors.ConnectException", failedTask.get(6));
    assertEquals(
        "org.apache.kafka.connect.errors.ConnectException",
        failedTask.get(7),
        "Root cause: the sink's own exception, under Connect's \"Exiting WorkerSinkTask\"");
    assertTrue(
        failedTask.get(3).matches("\\d+ (s|min \\d+ s)"), "how long FAILED: " + failedTask.get(3));
    assertEquals("FAILED", attention.get(0).get(2), "FAILED first: " + attention);

    List<String> markup =
        attention.stream()
            .filter(r -> r.get(1).equals("(connector)") && r.get(0).contains("alert(1)"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no row for the FAILED markup-named connector in " + attention));
    assertEquals(MARKUP_NAME, markup.get(0), "the name is shown as the literal text");
    assertTrue(table(page, "connectors").stream().anyMatch(r -> r.get(0).equals(MARKUP_NAME)));
    assertTrue(
        attention.stream().anyMatch(r -> r.get(0).equals(SCRIPT_NAME) && r.get(2).equals("FAILED")),
        "the <script> name is shown as the literal text: " + attention);
    assertEquals(0L, page.get("scripts"), "no script element in the DOM");
    assertEquals(0L, page.get("images"), "the name made no element");

    assertTrue(
        ((String) page.get("autoRestart")).contains("Auto-restart: off"),
        (String) page.get("autoRestart"));
    List<List<String>> targets = table(page, "targets");
    assertEquals(
        1 + 2 * cluster.workers().size(),
        targets.size(),
        "the REST API, then every worker's Jolokia and health check: " + targets);
    assertEquals("REST API", targets.get(0).get(0));
    for (var w : cluster.workers()) {
      assertEquals(
          List.of("health", "jolokia"),
          targets.stream()
              .filter(r -> r.get(1).equals(w.workerId()))
              .map(r -> r.get(0))
              .sorted()
              .toList(),
          "both sources of " + w.workerId() + ": " + targets);
    }
    assertTrue(targets.stream().allMatch(r -> r.get(3).equals("up")), "all reachable: " + targets);
    assertTrue(
        ((String) page.get("poll")).startsWith("Last poll completed "), (String) page.get("poll"));
    assertEquals(List.of("/metrics", "/-/healthy", "/-/ready"), page.get("links"));

    // It reloads itself every poll interval (1 s here): a mark left on this load is gone after a
    // few.
    browser.executeScript("window.loadMark = 'before';");
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"gone"
        .equals(browser.executeScript("return window.loadMark === undefined ? 'gone' : 'here';"))) {
      assertTrue(System.nanoTime() < end, "the page did not reload itself within 10 s");
      Thread.sleep(200);
    }

    Path shot = Path.of("target", "status-page.png");
    Files.createDirectories(shot.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        shot,
        StandardCopyOption.REPLACE_EXISTING);
    System.out.println("status page screenshot: " + shot.toAbsolutePath());
  }

  /**
   * What a person sees of the cluster's section, read from the browser's DOM in one script call:
   * the page reloads itself every second here, so element handles kept across calls would go stale.
   * Cell texts are {@code innerText}, as rendered.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String clusterName) {
    return (Map<String, Object>)
        browser.executeScript(
            """
        const section = document.querySelector('section.cluster[data-cluster="' + arguments[0] + '"]');
        const table = css => Array.from(section.querySelectorAll('table.' + css + ' tbody tr'))
            .map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.innerText));
        return {
          title: document.title,
          attention: table('attention'), connectors: table('connectors'), targets: table('targets'),
          autoRestart: section.querySelector('div.auto-restart').innerText,
          poll: section.querySelector('p.poll').innerText,
          links: Array.from(document.querySelectorAll('p.links a')).map(a => a.innerText),
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length
        };""",
            clusterName);
  }

  @SuppressWarnings("unchecked")
  private static List<List<String>> table(Map<String, Object> page, String name) {
    return (List<List<String>>) page.get(name);
  }
}
