package io.connectexporter.metrics;

/**
 * Which metric families of the contract a cluster exports. Applied before scraping: an attribute
 * no selected family needs is never requested.
 *
 * @param includeRates Kafka's windowed rates (families marked optional in the contract)
 */
public record MetricSelection(boolean includeRates) {

  public boolean includes(MetricSpec spec) {
    return includeRates || !spec.optional();
  }
}
