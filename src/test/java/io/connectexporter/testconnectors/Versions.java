package io.connectexporter.testconnectors;

final class Versions {
  static final String VERSION = "1.0.0-test";

  private Versions() {}
}
