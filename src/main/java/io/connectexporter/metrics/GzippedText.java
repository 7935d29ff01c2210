package io.connectexporter.metrics;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Series rendered in the Prometheus text format straight into gzip, with the length of the text:
 * only the gzipped bytes are kept (about a tenth of the text), and a client that does not take gzip
 * gets them inflated as they are sent, with an exact Content-Length.
 */
public record GzippedText(byte[] bytes, long textLength) {

  public static GzippedText of(List<SeriesSet> sets, int series) {
    try {
      ByteArrayOutputStream gz = new ByteArrayOutputStream(Math.max(4096, series * 12));
      CountingStream counted;
      // Fastest level: ~3x cheaper than the default for ~15% more bytes on this repetitive text.
      try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      }) {
        counted = new CountingStream(out);
        TextExposition.write(sets, counted);
      }
      return new GzippedText(gz.toByteArray(), counted.count);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }
}
