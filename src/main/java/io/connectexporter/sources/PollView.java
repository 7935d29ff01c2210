package io.connectexporter.sources;

import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.state.StateHistory;
import java.util.Map;

/**
 * What one source's normalization may know of the rest of the poll: where the fusion of REST and
 * JMX happens. Built once per poll from the finished snapshot, before any source normalizes.
 *
 * @param rest the REST view, null when REST did not answer (or is off)
 * @param owners which worker REST says runs each task ({@link TaskOwners#UNKNOWN} without REST)
 * @param history the states as remembered after this poll
 * @param connectorVersions connector name to the version its connector-metrics MBean reports
 * @param selection the metric families this cluster exports
 */
public record PollView(
    String cluster,
    RestSnapshot rest,
    TaskOwners owners,
    StateHistory history,
    Map<String, String> connectorVersions,
    MetricSelection selection) {

  public PollView {
    connectorVersions = Map.copyOf(connectorVersions);
  }
}
