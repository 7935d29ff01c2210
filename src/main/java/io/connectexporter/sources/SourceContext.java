package io.connectexporter.sources;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.metrics.MetricSelection;
import io.connectexporter.scrape.HttpGetter;
import java.time.Duration;

/**
 * What a source's scraper is built from, once per cluster.
 *
 * @param rest the client for the cluster's REST listeners (its TLS and credentials)
 * @param jolokia the client for the workers' Jolokia agents
 * @param pollDeadline how long one poll may take, every request included
 */
public record SourceContext(
    ClusterConfig cluster,
    HttpGetter rest,
    HttpGetter jolokia,
    MetricSelection selection,
    Duration pollDeadline) {}
