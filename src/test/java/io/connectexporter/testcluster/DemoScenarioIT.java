package io.connectexporter.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo scenario reaches its intended states and moves the metrics it is meant to move. */
class DemoScenarioIT extends ItSupport {

  @AfterEach
  void cleanUp() {
    DemoScenario.remove(admin());
    for (String name : DemoScenario.ALL) {
      admin().awaitDeleted(name);
    }
  }

  @Test
  void scenarioSettlesAndMovesErrorAndLagMetrics() {
    DemoScenario.apply(admin());
    JsonNode all = admin().expandedStatus();
    for (String name : DemoScenario.ALL) {
      assertTrue(all.has(name), name + " missing: " + all);
    }
    assertEquals(
        "FAILED",
        all.path(DemoScenario.BROKEN_CONNECTOR)
            .path("status")
            .path("connector")
            .path("state")
            .asText());

    // dlq-sink: conversion errors are tolerated and dead-lettered
    JsonNode dlqTask = ConnectorAdmin.task(admin().status(DemoScenario.DLQ_SINK), 0);
    JolokiaProbe dlqJolokia = JolokiaProbe.of(workerById(dlqTask.path("worker_id").asText()));
    String errors =
        "kafka.connect:type=task-error-metrics,connector=" + DemoScenario.DLQ_SINK + ",task=0";
    eventually(
        "dead-lettered records",
        TIMEOUT,
        () -> {
          JsonNode v = dlqJolokia.read(errors, "deadletterqueue-produce-requests");
          return v != null && v.asDouble() > 0;
        });

    // slow-sink: its consumer falls behind
    JsonNode slowTask = ConnectorAdmin.task(admin().status(DemoScenario.SLOW_SINK), 0);
    JolokiaProbe slowJolokia = JolokiaProbe.of(workerById(slowTask.path("worker_id").asText()));
    String fetch =
        "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-"
            + DemoScenario.SLOW_SINK
            + "-0";
    eventually(
        "slow-sink consumer lag > 20",
        TIMEOUT,
        () -> {
          JsonNode v = slowJolokia.read(fetch, "records-lag-max");
          return v != null && !v.isNull() && v.asDouble() > 20;
        });
  }
}
