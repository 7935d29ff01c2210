package io.connectexporter.config;

import java.net.URI;

/** A Jolokia agent listed in the config, with the worker id (REST host:port) it belongs to. */
public record StaticEndpoint(String workerId, URI url) {}
