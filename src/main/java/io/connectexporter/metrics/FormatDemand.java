package io.connectexporter.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which formats were served since the last publish, and so are rendered at the next one: the text
 * at first, then what the scrapers asked for last (Prometheus: OpenMetrics). A format not rendered
 * at publish is rendered by the first scrape that asks for it.
 */
final class FormatDemand {

  final AtomicBoolean text = new AtomicBoolean();
  final AtomicBoolean openMetrics = new AtomicBoolean();
  private boolean renderText = true;
  private boolean renderOpenMetrics;

  /** Called at each publish: the formats asked for since the last one, or as before if none was. */
  void update() {
    boolean t = text.getAndSet(false);
    boolean om = openMetrics.getAndSet(false);
    if (t || om) {
      renderText = t;
      renderOpenMetrics = om;
    }
  }

  boolean renderText() {
    return renderText;
  }

  boolean renderOpenMetrics() {
    return renderOpenMetrics;
  }
}
