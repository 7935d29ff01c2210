package io.connectexporter.scrape;

import java.io.IOException;

/**
 * The answer arrived but is not what the endpoint speaks (not JSON, wrong shape): reason {@code
 * unparsable}.
 */
public final class UnparsableException extends IOException {

  public UnparsableException(String message) {
    super(message);
  }
}
