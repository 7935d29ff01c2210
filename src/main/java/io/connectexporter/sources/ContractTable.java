package io.connectexporter.sources;

import io.connectexporter.metrics.MetricSpec;
import java.util.stream.Collectors;

/**
 * Renders the metric contract as the Markdown table in the README. A test fails when the README's
 * table differs; regenerate it with {@code mvn -q compile exec:java
 * -Dexec.mainClass=io.connectexporter.sources.ContractTable}.
 */
public final class ContractTable {

  public static final String START =
      "<!-- metric-table:start (generated from the metric contract; do not edit) -->";
  public static final String END = "<!-- metric-table:end -->";

  private ContractTable() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| metric | type | labels | source | help |\n");
    b.append("|---|---|---|---|---|\n");
    for (MetricSpec m : Sources.contract()) {
      b.append("| `")
          .append(m.name())
          .append('`')
          .append(m.optional() ? " (with `include-rates`)" : "")
          .append(" | ")
          .append(m.kind().promType())
          .append(" | ")
          .append(m.labels().stream().map(l -> "`" + l + "`").collect(Collectors.joining(", ")))
          .append(" | ")
          .append(m.source().replace("|", "\\|"))
          .append(" | ")
          .append(m.help().replace("|", "\\|"))
          .append(" |\n");
    }
    return b.toString();
  }

  public static void main(String[] args) {
    System.out.print(START + "\n" + markdown() + END + "\n");
  }
}
