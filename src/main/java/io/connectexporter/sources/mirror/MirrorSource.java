package io.connectexporter.sources.mirror;

import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.metrics.MBeanSeries;
import io.connectexporter.metrics.SeriesSet;
import io.connectexporter.model.MBeanReading;
import io.connectexporter.model.MBeanScope.Owner;
import io.connectexporter.model.WorkerJmx;
import io.connectexporter.sources.MBeanSource;
import io.connectexporter.sources.PollView;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * MirrorMaker 2 run as connectors of the cluster (opt-in: {@code sources = [..., mirror]}): per
 * replicated partition, records and bytes replicated, replication latency and record age; per
 * checkpointed group partition, checkpoint latency ({@link MirrorMBeans}). Its reads ride in the
 * workers' Jolokia bulk request.
 */
public final class MirrorSource implements MBeanSource {

  public static final String NAME = "mirror";

  /** Kafka reads 0.0 for these before the first record: not a measurement, so not exported. */
  private static final Set<String> LAST_RECORD = Set.of("replication-latency-ms", "record-age-ms");

  private final MBeanSeries series = new MBeanSeries(MirrorMBeans.CATALOG);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MBeanCatalog catalog() {
    return MirrorMBeans.CATALOG;
  }

  @Override
  public void normalize(WorkerJmx w, PollView poll, SeriesSet out) {
    MBeanSeries.Sums none = new MBeanSeries.Sums();
    for (MBeanReading r : w.readings()) {
      series.add(
          poll.cluster(),
          w.workerId(),
          beforeFirstRecord(r) ? withoutLastRecord(r) : r,
          Owner.WORKER,
          none,
          out);
    }
  }

  private static boolean beforeFirstRecord(MBeanReading r) {
    return r.group().equals(MirrorMBeans.SOURCE)
        && r.attributes().get("record-count") instanceof Number n
        && n.doubleValue() == 0;
  }

  private static MBeanReading withoutLastRecord(MBeanReading r) {
    Map<String, Object> attributes = new HashMap<>(r.attributes());
    attributes.keySet().removeAll(LAST_RECORD);
    return new MBeanReading(r.group(), r.keys(), attributes);
  }
}
