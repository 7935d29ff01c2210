package io.connectexporter.scrape;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the (decompressed) bytes read from a response body and fails once more than the cap
 * arrive, so an answer that never ends, or a small gzip that expands to gigabytes, costs at most
 * the cap in bytes read and never more memory than the parser keeps of them.
 */
final class CappedInputStream extends FilterInputStream {

  /** The body passed its cap: reason {@code too_large}. */
  static final class TooLargeException extends IOException {
    TooLargeException(long cap) {
      super("answer larger than max-response-size (" + cap + " bytes)");
    }
  }

  private final long cap;
  private long read;

  CappedInputStream(InputStream in, long cap) {
    super(in);
    this.cap = cap;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) throws TooLargeException {
    read += n;
    if (read > cap) {
      throw new TooLargeException(cap);
    }
  }
}
