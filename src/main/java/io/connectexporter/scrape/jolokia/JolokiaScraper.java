package io.connectexporter.scrape.jolokia;

import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.Cancellation;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;

/** Reads one worker's MBeans with one bulk POST to its Jolokia agent, parsed as it streams in. */
public final class JolokiaScraper {

  private final JolokiaRequest request;
  private final HttpGetter http;

  public JolokiaScraper(JolokiaRequest request, HttpGetter http) {
    this.request = request;
    this.http = http;
  }

  /**
   * A worker's readings, plus what of the answer failed or was skipped (each counted, none fatal).
   */
  public record Result(WorkerJmx jmx, JolokiaResponseParser.Parsed parsed) {}

  public Result poll(String workerId, String url, Cancellation cancellation)
      throws ScrapeException {
    JolokiaResponseParser.Parsed parsed =
        http.postJson(
            url,
            request.bodyUnsafe(),
            cancellation,
            in -> JolokiaResponseParser.parse(in, request));
    return new Result(new WorkerJmx(workerId, parsed.readings()), parsed);
  }
}
