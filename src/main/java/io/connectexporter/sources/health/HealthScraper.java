package io.connectexporter.sources.health;

import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Asks one worker {@code GET /health} (Connect 3.9+, KIP-1017) through the REST API's
 * {@link HttpGetter} (its auth, TLS and size cap). Connect answers a healthy worker at once; a
 * worker whose herder thread does not take the check answers only after its own 10 s wait (503
 * starting, 500 unhealthy), so a read timeout under ~10 s turns those into {@code timeout}. The
 * non-200 answers are read and classified ({@link WorkerHealthParser}), never reported as failures;
 * no answer at all is a {@link ScrapeException} with the usual reasons (refused, timeout, tls, ...).
 */
public final class HealthScraper {

  private final HttpGetter http;

  public HealthScraper(HttpGetter http) {
    this.http = http;
  }

  /**
   * A worker's REST base URL: the scheme of the cluster's configured REST URLs and the worker id,
   * which Connect makes of its advertised REST host and port ({@code 127.0.0.1:8083},
   * {@code [::1]:8083}).
   *
   * @throws IllegalArgumentException when the worker id is not a host and port
   */
  public static URI workerBase(URI clusterRestUrl, String workerId) {
    try {
      URI base = new URI(clusterRestUrl.getScheme() + "://" + workerId);
      if (base.getHost() == null || base.getPort() < 0 || !base.getRawPath().isEmpty() || base.getRawQuery() != null
          || base.getRawUserInfo() != null) {
        throw new IllegalArgumentException("not a worker id (host:port): " + workerId);
      }
      return base;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a worker id (host:port): " + workerId, e);
    }
  }

  public WorkerHealth poll(URI workerBase, Duration readTimeout, Cancellation cancellation) throws ScrapeException {
    String url = workerBase.resolve("/health").toString();
    HttpGetter.Answer answer = http.getAnyStatus(url, readTimeout, cancellation);
    return WorkerHealthParser.parse(url, answer.status(), answer.body());
  }
}
