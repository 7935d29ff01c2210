package io.connectexporter.config;

import java.time.Duration;

/**
 * How to talk to one kind of endpoint (a cluster's REST API, or its workers' Jolokia agents).
 *
 * @param auth basic auth, or null
 * @param tls trust and client certificate, or null for the JVM defaults
 * @param keepAlive reuse connections; off for Jolokia, whose JDK HTTP server stalls ~40 ms per
 *     request on a reused connection (Nagle), see README
 * @param maxResponseBytes the most (decompressed) bytes one answer may have; more is an error
 *     ({@code too_large}) and is never read
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    BasicAuth auth,
    TlsSettings tls,
    boolean keepAlive,
    long maxResponseBytes) {}
