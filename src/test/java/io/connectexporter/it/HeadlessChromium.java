package io.connectexporter.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian {@code chromium} and {@code chromium-driver}) driven through
 * WebDriver. Both binaries are given by path, so Selenium never looks anything up or downloads.
 * Absent: fails under CI=true, else skips loudly (see {@link Promtool#binary(String, String)}).
 */
public final class HeadlessChromium {

  private HeadlessChromium() {}

  public static ChromeDriver start(int width, int height) throws Exception {
    String chromium = Promtool.binary("chromium", "chromium chromium-driver");
    String chromedriver = Promtool.binary("chromedriver", "chromium chromium-driver");
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
