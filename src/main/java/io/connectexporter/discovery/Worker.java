package io.connectexporter.discovery;

import java.net.URI;

/**
 * A worker to scrape this poll.
 *
 * @param id the worker id REST reports ({@code host:port} of its REST listener)
 * @param restUrl its REST listener, the scheme taken from the cluster's configured REST URLs; null
 *     when the id is not a {@code host:port}
 * @param jolokiaUrl its Jolokia agent, null when none is configured or discovered
 */
public record Worker(String id, URI restUrl, String jolokiaUrl) {}
