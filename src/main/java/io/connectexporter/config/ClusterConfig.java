package io.connectexporter.config;

import java.net.URI;
import java.util.List;

/**
 * One Connect cluster to watch.
 *
 * @param sources the data sources to read, by name (sources.Sources), e.g. [rest, jolokia]
 * @param restUrls any workers' REST URLs; tried in order, the next on failure
 * @param jolokiaUrlTemplate URL of a worker's Jolokia agent made from its worker id ({@code
 *     {host}}, {@code {port}} of the REST listener); null disables discovery
 * @param jolokiaEndpoints agents listed statically; they win over the template for their worker
 * @param maxSeries the most series one poll may make; past it the poll is dropped (the previous one
 *     stays served) and counted as {@code too_many_series}
 * @param metrics which metric families to export (profile, include, exclude)
 * @param autoRestart restarting FAILED connectors and tasks
 */
public record ClusterConfig(
    String name,
    List<String> sources,
    List<URI> restUrls,
    HttpSettings rest,
    String jolokiaUrlTemplate,
    List<StaticEndpoint> jolokiaEndpoints,
    HttpSettings jolokia,
    int maxSeries,
    MetricsSettings metrics,
    AutoRestartSettings autoRestart) {

  public ClusterConfig {
    sources = List.copyOf(sources);
    restUrls = List.copyOf(restUrls);
    jolokiaEndpoints = List.copyOf(jolokiaEndpoints);
  }
}
