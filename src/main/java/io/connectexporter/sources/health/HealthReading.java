package io.connectexporter.sources.health;

/** One worker's health in one poll. */
public record HealthReading(String workerId, WorkerHealth health) {}
