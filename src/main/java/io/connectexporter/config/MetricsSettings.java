package io.connectexporter.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which metric families one cluster exports (README "Cardinality profiles").
 *
 * @param profile the starting set
 * @param include families added to the profile: whole-name regular expressions
 * @param exclude families dropped: whole-name regular expressions; exclude wins over include
 * @param partitionLag one lag series per sink task partition; off: only the per-task sum
 */
public record MetricsSettings(
    Profile profile, List<Pattern> include, List<Pattern> exclude, boolean partitionLag) {

  public static final MetricsSettings DEFAULT =
      new MetricsSettings(Profile.DEFAULT, List.of(), List.of(), true);

  /**
   * The shipped sets of families; which families each holds is {@code metrics.MetricSelection}'s.
   */
  public enum Profile {
    /**
     * What the shipped alerts and the overview dashboard need, current states only: the fewest
     * series.
     */
    MINIMAL,
    /** Every family except Kafka's windowed rates. */
    DEFAULT,
    /** Every family, Kafka's windowed rates too. */
    FULL
  }

  public MetricsSettings {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }
}
