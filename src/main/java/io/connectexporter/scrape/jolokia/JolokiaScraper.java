package io.connectexporter.scrape.jolokia;

import io.connectexporter.model.WorkerJmx;
import io.connectexporter.scrape.HttpGetter;
import io.connectexporter.scrape.ScrapeException;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/** Reads one worker's MBeans with one bulk POST to its Jolokia agent. */
public final class JolokiaScraper {

  private final JolokiaRequest request;
  private final HttpGetter http;

  public JolokiaScraper(JolokiaRequest request, HttpGetter http) {
    this.request = request;
    this.http = http;
  }

  /** A worker's readings, plus the bulk items that failed (each counted, none fatal). */
  public record Result(WorkerJmx jmx, java.util.List<JolokiaResponseParser.ItemError> itemErrors) {
  }

  public Result poll(String workerId, String url, Consumer<HttpUriRequestBase> onStart) throws ScrapeException {
    byte[] body = http.postJson(url, request.bodyUnsafe(), onStart);
    try {
      JolokiaResponseParser.Parsed parsed = JolokiaResponseParser.parse(body, request.groups());
      return new Result(new WorkerJmx(workerId, parsed.readings()), parsed.errors());
    } catch (IOException e) {
      throw ScrapeException.unparsable(url, e.getMessage(), e);
    }
  }
}
