package io.connectexporter.scrape;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * Lets the poll deadline abort the request a scrape is waiting on, from another thread. A scrape
 * may make several requests in a row (REST: {@code GET /}, then the expand call, or one call per
 * connector on old workers); once cancelled, the current one is aborted (its socket closed, so a
 * blocked read returns at once) and every later one is aborted as it starts.
 */
public final class Cancellation {

  private volatile boolean cancelled;
  private volatile HttpUriRequestBase current;

  /** A cancellation nobody will trigger: for callers without a deadline (tests, tools). */
  public static Cancellation none() {
    return new Cancellation();
  }

  void begin(HttpUriRequestBase request) {
    current = request;
    if (cancelled) {
      request.cancel();
    }
  }

  public void cancel() {
    cancelled = true;
    HttpUriRequestBase request = current;
    if (request != null) {
      request.cancel();
    }
  }

  public boolean cancelled() {
    return cancelled;
  }
}
