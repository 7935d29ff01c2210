package io.connectexporter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExceptionClassesTest {

  private static final String TRACE =
      """
      org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.
      \tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:632)
      Caused by: org.apache.kafka.connect.errors.RetriableException: password=hunter2 rejected
      \tat x.y.Z.put(Z.java:1)
      Caused by: java.sql.SQLException: Login failed for user 'admin'
      \t... 12 more
      """;

  @Test
  void takesClassNamesNeverMessages() {
    assertEquals("org.apache.kafka.connect.errors.ConnectException", ExceptionClasses.top(TRACE));
    assertEquals("java.sql.SQLException", ExceptionClasses.rootCause(TRACE));
  }

  @Test
  void oddTracesGiveUnknownOrTheTop() {
    assertEquals("unknown", ExceptionClasses.top(null));
    assertEquals("unknown", ExceptionClasses.top(""));
    assertEquals("unknown", ExceptionClasses.top("something went very wrong: here"));
    assertEquals(
        "java.lang.IllegalStateException", ExceptionClasses.top("java.lang.IllegalStateException"));
    assertEquals(
        "java.lang.IllegalStateException",
        ExceptionClasses.rootCause("java.lang.IllegalStateException: boom\n\tat a.b.C(C.java:1)"));
  }
}
