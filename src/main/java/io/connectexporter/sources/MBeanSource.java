package io.connectexporter.sources;

import io.connectexporter.metrics.MBeanCatalog;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.model.WorkerJmx;
import java.util.List;

/**
 * A source of MBeans: its reads ride in the one Jolokia bulk request each worker gets per poll, so
 * enabling it costs no extra request; its result is the readings of its own groups on one worker.
 */
public interface MBeanSource extends Source<WorkerJmx> {

  /** The groups, attributes and metrics of this source. */
  MBeanCatalog catalog();

  @Override
  default Class<WorkerJmx> resultType() {
    return WorkerJmx.class;
  }

  @Override
  default List<MetricSpec> metrics() {
    return catalog().specs();
  }
}
