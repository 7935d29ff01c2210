package io.connectexporter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code status --output json}: the same report for scripts, one document: {@code
 * {"clusters":[{"cluster","reachable","version","connectors":[{"name","type","state",
 * "worker","health","tasks_by_state":{},"failures":[{"task","worker","exception_class",
 * "root_cause_class"}]}]}]}}, with {@code "error"} instead of the connectors for a cluster that
 * could not be read.
 */
final class StatusJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusJson() {}

  static String render(List<ClusterReport> clusters) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("clusters");
    for (ClusterReport cluster : clusters) {
      ObjectNode c = list.addObject();
      c.put("cluster", cluster.cluster());
      c.put("reachable", cluster.reachable());
      if (!cluster.reachable()) {
        c.put("error", cluster.error());
        continue;
      }
      c.put("version", cluster.version());
      ArrayNode connectors = c.putArray("connectors");
      for (ClusterReport.Connector connector : cluster.connectors()) {
        ObjectNode n = connectors.addObject();
        n.put("name", connector.name());
        n.put("type", connector.type());
        n.put("state", connector.state());
        n.put("worker", connector.worker());
        n.put("health", connector.health().name());
        ObjectNode tasks = n.putObject("tasks_by_state");
        connector.tasksByState().forEach(tasks::put);
        ArrayNode failures = n.putArray("failures");
        for (ClusterReport.Failure f : connector.failures()) {
          ObjectNode fn = failures.addObject();
          if (f.task() == null) {
            fn.putNull("task");
          } else {
            fn.put("task", f.task());
          }
          fn.put("worker", f.worker());
          fn.put("exception_class", f.exceptionClass());
          fn.put("root_cause_class", f.rootCauseClass());
        }
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
