package io.connectexporter.discovery;

/** A worker's Jolokia agent to poll. */
public record JolokiaTarget(String workerId, String url) {
}
