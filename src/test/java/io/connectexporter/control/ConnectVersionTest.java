package io.connectexporter.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectVersionTest {

  @Test
  void restartOfOnlyFailedPartsInOneCallCameWithKafka30() {
    assertTrue(ConnectVersion.restartsConnectorAndTasksInOneCall("4.3.1"));
    assertTrue(ConnectVersion.restartsConnectorAndTasksInOneCall("3.9.2"));
    assertTrue(ConnectVersion.restartsConnectorAndTasksInOneCall("3.0.0"));
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall("2.8.2"));
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall("2.3.0"));
  }

  @Test
  void confluentPlatformNumbersAreMappedToKafkaOnes() {
    assertTrue(
        ConnectVersion.restartsConnectorAndTasksInOneCall("7.5.0-ccs"), "CP 7.5 is Kafka 3.5");
    assertTrue(
        ConnectVersion.restartsConnectorAndTasksInOneCall("7.0.1-ce"), "CP 7.0 is Kafka 3.0");
    assertFalse(
        ConnectVersion.restartsConnectorAndTasksInOneCall("6.2.0-ccs"), "CP 6.2 is Kafka 2.8");
  }

  @Test
  void anUnknownVersionGetsTheCallsEveryVersionHas() {
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall(null));
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall(""));
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall("trunk"));
    assertFalse(ConnectVersion.restartsConnectorAndTasksInOneCall("99999999999.1"));
  }
}
