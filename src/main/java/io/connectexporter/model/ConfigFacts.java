package io.connectexporter.model;

import java.util.Map;

/**
 * The short, explicit list of non-secret connector configuration facts we export. Everything else
 * in a connector's config is dropped while parsing, so it cannot reach a label, a log or an error.
 */
public record ConfigFacts(
    String errorsTolerance, boolean errorsLogEnabled, boolean deadLetterQueueEnabled) {

  public static final ConfigFacts DEFAULTS = new ConfigFacts("none", false, false);

  /** Reads the allowed facts from a connector config, applying Connect's defaults. */
  public static ConfigFacts from(Map<String, String> config) {
    String tolerance = config.getOrDefault("errors.tolerance", "none");
    boolean log = Boolean.parseBoolean(config.getOrDefault("errors.log.enable", "false"));
    String dlq = config.get("errors.deadletterqueue.topic.name");
    return new ConfigFacts(
        tolerance.isBlank() ? "none" : tolerance.trim().toLowerCase(java.util.Locale.ROOT),
        log,
        dlq != null && !dlq.isBlank());
  }
}
