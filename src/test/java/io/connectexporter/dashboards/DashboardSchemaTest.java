package io.connectexporter.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectexporter.it.Promtool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard type-checked against Grafana's own schema ({@code @grafana/schema} from npm, with
 * each panel's options checked against its panel plugin's schema): see {@code
 * src/test/grafana-schema/dashboard-schema.ts} for what is checked and the one field allowed beyond
 * the schema. Needs node and npm (Debian {@code nodejs npm}; {@code .ci/run} installs them) and the
 * npm registry on the first run; absent: fails under {@code CI=true}, else skips loudly.
 */
class DashboardSchemaTest {

  static final Path SOURCE =
      DashboardQueries.dashboardsDir().resolveSibling("src/test/grafana-schema");
  static final Path WORK = DashboardQueries.dashboardsDir().resolveSibling("target/grafana-schema");
  static final ObjectMapper JSON = new ObjectMapper();

  /** The Debian packages of node and npm (what .ci/run installs). */
  static final String NODE_PACKAGES = "nodejs npm";

  @BeforeAll
  static void installSchema() throws Exception {
    String npm = Promtool.binary("npm", NODE_PACKAGES);
    Files.createDirectories(WORK);
    for (String f :
        List.of("package.json", "package-lock.json", "tsconfig.json", "dashboard-schema.ts")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    // npm keeps a copy of the lock it installed from: reinstall only when ours changed.
    Path installed = WORK.resolve("node_modules/.package-lock.json");
    if (!Files.isRegularFile(installed)
        || !sameDependencies(installed, WORK.resolve("package-lock.json"))) {
      Result r = run(List.of(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
      assertEquals(0, r.exit, "npm ci of the Grafana schema failed:\n" + r.output);
    }
  }

  @Test
  void everyDashboardMatchesGrafanasSchema() throws Exception {
    List<String> files = new ArrayList<>();
    for (Path dashboard : DashboardQueries.dashboardFiles()) {
      String name = dashboard.getFileName().toString().replace(".json", "");
      files.add(writeCheck(name, Files.readString(dashboard)));
    }
    Result r = typeCheck("dashboards", files);
    assertEquals(
        0, r.exit, "dashboards do not match Grafana's schema (@grafana/schema):\n" + r.output);
  }

  /**
   * The check is only worth something if it fails: a misspelt field and a wrong enum value must.
   */
  @Test
  void aBrokenDashboardIsRejected() throws Exception {
    JsonNode dashboard = DashboardQueries.dashboards().get(DashboardsTest.OVERVIEW);
    // tsc reports one error per object literal: break two different panels.
    ((ObjectNode) firstPanelOfType(dashboard, "timeseries")).put("titel", "misspelt field");
    ObjectNode stat = (ObjectNode) firstPanelOfType(dashboard, "stat");
    ((ObjectNode) stat.with("fieldConfig").with("defaults").with("color")).put("mode", "rainbow");
    String file =
        writeCheck(
            "negative-broken", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard));
    Result r = typeCheck("negative", List.of(file));
    assertNotEquals(0, r.exit, "tsc accepted a broken dashboard:\n" + r.output);
    assertTrue(
        r.output.contains("'\"titel\"' does not exist"), "unknown field reported:\n" + r.output);
    assertTrue(r.output.contains("\"rainbow\""), "bad enum value reported:\n" + r.output);
  }

  private static JsonNode firstPanelOfType(JsonNode dashboard, String type) {
    return DashboardQueries.panels(dashboard).stream()
        .filter(p -> type.equals(p.path("type").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " panel to break"));
  }

  /**
   * The dashboard JSON as an object literal assigned to the schema type (JSON is valid TypeScript).
   */
  private static String writeCheck(String name, String json) throws IOException {
    String file = name + ".ts";
    Files.writeString(
        WORK.resolve(file),
        "import type { CheckedDashboard } from './dashboard-schema';\n"
            + "export const dashboard: CheckedDashboard = "
            + json
            + ";\n");
    return file;
  }

  private static Result typeCheck(String label, List<String> files) throws Exception {
    ObjectNode config = JSON.createObjectNode();
    config.put("extends", "./tsconfig.json");
    config.putArray("include").add("dashboard-schema.ts");
    files.forEach(config.withArray("include")::add);
    Path tsconfig = WORK.resolve("tsconfig." + label + ".json");
    Files.writeString(tsconfig, config.toString());
    String node = Promtool.binary("node", NODE_PACKAGES);
    return run(
        List.of(node, "node_modules/typescript/bin/tsc", "-p", tsconfig.getFileName().toString()),
        180);
  }

  private static boolean sameDependencies(Path installed, Path lock) throws IOException {
    return JSON.readTree(installed.toFile()).path("packages").equals(packagesWithoutRoot(lock));
  }

  private static JsonNode packagesWithoutRoot(Path lock) throws IOException {
    ObjectNode packages = (ObjectNode) JSON.readTree(lock.toFile()).path("packages");
    packages.remove("");
    return packages;
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds) throws Exception {
    // Output to a file, not a pipe: reading a pipe would wait for a hung process forever.
    Path log = Files.createTempFile(WORK, "run", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(WORK.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command)
              + " did not finish in "
              + timeoutSeconds
              + " s:\n"
              + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Result(p.exitValue(), output);
  }
}
