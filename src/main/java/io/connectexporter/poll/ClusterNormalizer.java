package io.connectexporter.poll;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.metrics.TargetNormalizer;
import io.connectexporter.model.ClusterSnapshot;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.sources.PollView;
import io.connectexporter.sources.Source;
import io.connectexporter.sources.Sources;
import io.connectexporter.sources.TaskOwners;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.rest.RestSource;
import io.connectexporter.state.StateHistory;
import io.connectexporter.state.StateTracker;
import java.util.List;

/**
 * Turns one cluster's finished poll ({@link ClusterSnapshot}) into the series of the metric
 * contract: each enabled source normalizes its own results, with the {@link PollView} that fuses
 * what the others saw; the exporter's view of the poll comes last ({@link TargetNormalizer}). Pure:
 * the same snapshot and state history always give the same series (the history, which remembers
 * states between polls, is kept by the poll loop: see {@link StateTracker}).
 */
public final class ClusterNormalizer {

  private final List<Source<?>> sources;
  private final MetricSelection selection;

  public ClusterNormalizer(ClusterConfig cluster, MetricSelection selection) {
    this(Sources.enabled(cluster), selection);
  }

  public ClusterNormalizer(List<Source<?>> sources, MetricSelection selection) {
    this.sources = List.copyOf(sources);
    this.selection = selection;
  }

  /**
   * @param history the states as remembered after this snapshot ({@link StateTracker#observe})
   * @throws SeriesSet.TooManySeriesException past {@code maxSeries}, as soon as it is passed
   */
  public SeriesSet normalize(ClusterSnapshot snapshot, StateHistory history, int maxSeries) {
    SeriesSet out = new SeriesSet(maxSeries, selection);
    PollView view =
        new PollView(
            snapshot.cluster(),
            snapshot.rest(),
            snapshot.rest() == null ? TaskOwners.UNKNOWN : TaskOwners.of(snapshot.rest()),
            history,
            ConnectMBeanSource.connectorVersions(
                snapshot.results(ConnectMBeanSource.NAME, WorkerJmx.class)),
            selection);
    for (Source<?> s : sources) {
      normalize(s, snapshot, view, out);
    }
    TargetNormalizer.normalize(snapshot, out);
    return out;
  }

  private static <R> void normalize(
      Source<R> source, ClusterSnapshot snapshot, PollView view, SeriesSet out) {
    if (source instanceof RestSource rest) {
      if (snapshot.rest() != null) {
        rest.normalize(snapshot.rest(), view, out);
      }
      return;
    }
    for (R result : snapshot.results(source.name(), source.resultType())) {
      source.normalize(result, view, out);
    }
  }
}
