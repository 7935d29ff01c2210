package io.connectexporter.model;

import java.util.List;

/** Everything read from one worker's Jolokia agent in one poll. */
public record WorkerJmx(String workerId, List<MBeanReading> readings) {

  public WorkerJmx {
    readings = List.copyOf(readings);
  }
}
