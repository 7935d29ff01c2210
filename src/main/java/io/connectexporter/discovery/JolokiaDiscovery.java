package io.connectexporter.discovery;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.StaticEndpoint;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the Jolokia agents of a cluster: those listed in the config, plus one per worker id seen in
 * the REST status, from the URL template. When REST does not answer, the workers of the last good
 * answer are kept, so a REST outage does not also lose the JMX data.
 *
 * <p>REST only names workers that run a connector or a task; an idle worker is found once it runs
 * something, or can be listed statically.
 */
public final class JolokiaDiscovery {

  private final ClusterConfig config;
  private List<String> lastWorkers = List.of();

  public JolokiaDiscovery(ClusterConfig config) {
    this.config = config;
  }

  public List<JolokiaTarget> targets(RestSnapshot rest) {
    if (rest != null) {
      lastWorkers = workerIds(rest);
    }
    Map<String, JolokiaTarget> byWorker = new LinkedHashMap<>();
    for (StaticEndpoint e : config.jolokiaEndpoints()) {
      byWorker.put(e.workerId(), new JolokiaTarget(e.workerId(), e.url().toString()));
    }
    if (config.jolokiaUrlTemplate() != null) {
      for (String worker : lastWorkers) {
        byWorker.computeIfAbsent(worker, w -> new JolokiaTarget(w, expand(config.jolokiaUrlTemplate(), w)));
      }
    }
    return new ArrayList<>(byWorker.values());
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

  /** Replaces {host} and {port} with the parts of a worker id "host:port" (IPv6 "[::1]:8083" too). */
  static String expand(String template, String workerId) {
    int colon = workerId.lastIndexOf(':');
    boolean hasPort = colon > 0 && workerId.indexOf(']', colon) < 0;
    String host = hasPort ? workerId.substring(0, colon) : workerId;
    String port = hasPort ? workerId.substring(colon + 1) : "";
    return template.replace("{host}", host).replace("{port}", port);
  }
}
