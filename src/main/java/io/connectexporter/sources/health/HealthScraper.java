package io.connectexporter.sources.health;

import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import java.net.URI;
import java.time.Duration;

/**
 * Asks one worker {@code GET /health} (Connect 3.9+, KIP-1017) through the REST API's {@link
 * HttpGetter} (its auth, TLS and size cap). Connect answers a healthy worker at once; a worker
 * whose herder thread does not take the check answers only after its own 10 s wait (503 starting,
 * 500 unhealthy), so a read timeout under ~10 s turns those into {@code timeout}. The non-200
 * answers are read and classified ({@link WorkerHealthParser}), never reported as failures; no
 * answer at all is a {@link ScrapeException} with the usual reasons (refused, timeout, tls, ...).
 */
public final class HealthScraper {

  private final HttpGetter http;

  public HealthScraper(HttpGetter http) {
    this.http = http;
  }

  public WorkerHealth poll(URI workerBase, Duration readTimeout, Cancellation cancellation)
      throws ScrapeException {
    String url = workerBase.resolve("/health").toString();
    HttpGetter.Answer answer = http.getAnyStatus(url, readTimeout, cancellation);
    return WorkerHealthParser.parse(url, answer.status(), answer.body());
  }
}
