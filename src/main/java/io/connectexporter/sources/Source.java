package io.connectexporter.sources;

import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.metrics.SeriesSet;
import java.util.List;

/**
 * One data source, in the manner of mysqld_exporter's scrapers: a name (what a cluster's {@code
 * sources = [...]} lists, and the {@code source} label of the exporter's target metrics), its slice
 * of the metric contract, and how its typed result of one poll becomes series. How it is scraped is
 * one of three shapes: the cluster's REST API ({@code rest.RestSource}, where discovery starts),
 * its own request to every worker ({@link WorkerSource}), or reads added to every worker's one
 * Jolokia bulk request ({@link MBeanSource}). Sources are registered in {@link Sources}.
 *
 * @param <R> what one scrape returns: one per poll for REST, one per worker otherwise
 */
public interface Source<R> {

  String name();

  /** The type of one result, so the snapshot can hand it back typed. */
  Class<R> resultType();

  /** This source's slice of the metric contract. */
  List<MetricSpec> metrics();

  /** One result as series; pure: the same result and poll view always give the same series. */
  void normalize(R result, PollView poll, SeriesSet out);
}
