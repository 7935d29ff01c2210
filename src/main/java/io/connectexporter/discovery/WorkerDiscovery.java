package io.connectexporter.discovery;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.StaticEndpoint;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the workers of a cluster between the REST poll and the sources that need worker addresses:
 * one per worker id seen in the REST status, plus the Jolokia agents listed in the config. Each
 * worker's REST listener is its id with the scheme of the configured REST URLs; its Jolokia agent
 * comes from the URL template (a static entry wins). When REST does not answer, the workers of the
 * last good answer are kept, so a REST outage does not also lose the workers' data.
 *
 * <p>REST only names workers that run a connector or a task; an idle worker is found once it runs
 * something, or can be listed statically.
 */
public final class WorkerDiscovery {

  private final ClusterConfig config;
  private final String restScheme;
  private List<String> lastWorkers = List.of();

  public WorkerDiscovery(ClusterConfig config) {
    this.config = config;
    this.restScheme = config.restUrls().isEmpty() ? "http" : config.restUrls().get(0).getScheme();
  }

  public List<Worker> workers(RestSnapshot rest) {
    if (rest != null) {
      lastWorkers = workerIds(rest);
    }
    Map<String, String> jolokiaByWorker = new LinkedHashMap<>();
    for (StaticEndpoint e : config.jolokiaEndpoints()) {
      jolokiaByWorker.put(e.workerId(), e.url().toString());
    }
    for (String worker : lastWorkers) {
      if (!jolokiaByWorker.containsKey(worker)) {
        jolokiaByWorker.put(
            worker,
            config.jolokiaUrlTemplate() == null
                ? null
                : expand(config.jolokiaUrlTemplate(), worker));
      }
    }
    List<Worker> workers = new ArrayList<>();
    jolokiaByWorker.forEach((id, jolokia) -> workers.add(new Worker(id, restUrl(id), jolokia)));
    return workers;
  }

  /** Distinct worker ids REST reports for connectors and tasks, sorted. */
  static List<String> workerIds(RestSnapshot rest) {
    TreeSet<String> ids = new TreeSet<>();
    for (ConnectorView c : rest.connectors()) {
      if (!c.workerId().isEmpty()) {
        ids.add(c.workerId());
      }
      for (TaskView t : c.tasks()) {
        if (!t.workerId().isEmpty()) {
          ids.add(t.workerId());
        }
      }
    }
    return List.copyOf(ids);
  }

  private URI restUrl(String workerId) {
    return restListener(restScheme, workerId);
  }

  /**
   * A worker's REST listener: the scheme of the cluster's configured REST URLs and the worker id,
   * which Connect makes of its advertised REST host and port ({@code 10.0.0.7:8083}, {@code
   * [::1]:8083}); null when the id is not a host and port.
   */
  static URI restListener(String scheme, String workerId) {
    try {
      URI base = new URI(scheme + "://" + workerId);
      boolean hostAndPort =
          base.getHost() != null
              && base.getPort() >= 0
              && base.getRawPath().isEmpty()
              && base.getRawQuery() == null
              && base.getRawUserInfo() == null;
      return hostAndPort ? base : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Replaces {host} and {port} with the parts of a worker id "host:port" (IPv6 "[::1]:8083" too).
   */
  static String expand(String template, String workerId) {
    HostPort hp = HostPort.of(workerId);
    return template.replace("{host}", hp.host()).replace("{port}", hp.port());
  }

  private record HostPort(String host, String port) {
    static HostPort of(String workerId) {
      int colon = workerId.lastIndexOf(':');
      boolean hasPort = colon > 0 && workerId.indexOf(']', colon) < 0;
      return hasPort
          ? new HostPort(workerId.substring(0, colon), workerId.substring(colon + 1))
          : new HostPort(workerId, "");
    }
  }
}
