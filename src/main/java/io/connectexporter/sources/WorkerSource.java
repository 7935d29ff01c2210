package io.connectexporter.sources;

import io.connectexporter.discovery.Worker;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.ScrapeException;

/**
 * A source with its own request to every worker, run in parallel with the others by the poll
 * deadline.
 */
public interface WorkerSource<R> extends Source<R> {

  /** Once per cluster when the exporter starts; the scraper may keep state between polls. */
  Scraper<R> scraper(SourceContext context);

  /** Scrapes one worker; called on a pool thread, possibly for several workers at once. */
  @FunctionalInterface
  interface Scraper<R> extends AutoCloseable {
    R scrape(Worker worker, Cancellation cancellation) throws ScrapeException;

    /** When the exporter stops: ends what the scraper runs of its own (threads). */
    @Override
    default void close() {}
  }
}
