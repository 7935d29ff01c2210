package io.connectexporter.config;

import java.net.URI;
import java.util.List;

/**
 * One Connect cluster to watch.
 *
 * @param restUrls            any workers' REST URLs; tried in order, the next on failure
 * @param jolokiaUrlTemplate  URL of a worker's Jolokia agent made from its worker id
 *                            ({@code {host}}, {@code {port}} of the REST listener); null disables discovery
 * @param jolokiaEndpoints    agents listed statically; they win over the template for their worker
 */
public record ClusterConfig(String name, List<URI> restUrls, HttpSettings rest, String jolokiaUrlTemplate,
    List<StaticEndpoint> jolokiaEndpoints, HttpSettings jolokia) {

  public ClusterConfig {
    restUrls = List.copyOf(restUrls);
    jolokiaEndpoints = List.copyOf(jolokiaEndpoints);
  }
}
