package io.connectexporter.scrape;

import io.connectexporter.config.BasicAuth;
import io.connectexporter.config.HttpSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP calls the scrapers (and, through {@link #send}, the commands) make, over one pooled
 * HttpClient 5 per endpoint kind, with preemptive basic auth. Bodies are read through a cap on
 * their decompressed size ({@code max-response-size}): nothing past the cap is read or kept. Every
 * request can be aborted by its {@link Cancellation}. Any failure becomes a {@link ScrapeException}
 * with a reason.
 */
public final class HttpGetter implements AutoCloseable {

  /** Reads a whole answer body into a result; the stream is capped and may fail mid-way. */
  @FunctionalInterface
  public interface BodyParser<T> {
    T parse(InputStream body) throws IOException;
  }

  private final CloseableHttpClient client;
  private final String authorization;
  private final long maxResponseBytes;
  private final Duration requestTimeout;

  public HttpGetter(HttpSettings settings, int maxConnections) {
    this.requestTimeout = settings.requestTimeout();
    this.client = HttpClientFactory.create(settings, maxConnections);
    this.authorization = header(settings.auth());
    this.maxResponseBytes = settings.maxResponseBytes();
  }

  /**
   * A GET whose wait for each read is at most {@code readTimeout} (below the configured request
   * timeout).
   */
  public <T> T get(
      String url, Duration readTimeout, Cancellation cancellation, BodyParser<T> parser)
      throws ScrapeException {
    HttpGet get = new HttpGet(url);
    if (readTimeout.compareTo(requestTimeout) < 0) {
      setReadTimeout(get, readTimeout);
    }
    return execute(get, url, cancellation, parser);
  }

  /**
   * A GET whose answer is returned whatever its status, with its (capped) body: for endpoints whose
   * non-200 answers carry a result, such as Connect's {@code /health} (503 "starting"). Each read
   * waits at most {@code readTimeout}, which may exceed the configured request timeout (Connect's
   * health check takes up to 10 s to answer when the worker is not healthy).
   */
  public Answer getAnyStatus(String url, Duration readTimeout, Cancellation cancellation)
      throws ScrapeException {
    HttpGet get = new HttpGet(url);
    setReadTimeout(get, readTimeout);
    return execute(get, url, cancellation, this::answer);
  }

  private static void setReadTimeout(HttpUriRequestBase request, Duration readTimeout) {
    Timeout t =
        Timeout.of(
            readTimeout.isNegative() || readTimeout.isZero() ? Duration.ofMillis(1) : readTimeout);
    request.setConfig(
        RequestConfig.custom().setResponseTimeout(t).setConnectionRequestTimeout(t).build());
  }

  public <T> T postJson(String url, byte[] body, Cancellation cancellation, BodyParser<T> parser)
      throws ScrapeException {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    return execute(post, url, cancellation, parser);
  }

  /**
   * An answer of any HTTP status, with its body (capped like every answer; empty when there was
   * none).
   */
  public record Answer(int status, byte[] body) {}

  /**
   * A request whose answer is returned whatever its status: for the calls that change a cluster,
   * where a 404 or 409 is an answer to report, and its body carries Connect's error message.
   *
   * @param jsonBody the request body, sent as {@code application/json}; null for none
   */
  public Answer send(String method, String url, byte[] jsonBody, Cancellation cancellation)
      throws ScrapeException {
    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
    if (jsonBody != null) {
      request.setEntity(new ByteArrayEntity(jsonBody, ContentType.APPLICATION_JSON));
    }
    return execute(request, url, cancellation, this::answer);
  }

  private Answer answer(int status, HttpEntity entity, InputStream raw) throws IOException {
    return new Answer(status, entity == null ? new byte[0] : readCapped(entity, raw));
  }

  /** Turns a response (status, entity or null, its raw stream or null) into the caller's result. */
  @FunctionalInterface
  private interface ResponseReader<T> {
    T read(int status, HttpEntity entity, InputStream raw) throws IOException;
  }

  /** Only a 200 answer is read, and parsed; any other status is a {@link ScrapeException}. */
  private <T> T execute(
      HttpUriRequestBase request, String url, Cancellation cancellation, BodyParser<T> parser)
      throws ScrapeException {
    return execute(
        request,
        url,
        cancellation,
        (status, entity, raw) -> {
          if (status != 200) {
            throw new HttpStatus(status); // the body is never read: it may be anything
          }
          if (entity == null) {
            throw new UnparsableException("empty answer");
          }
          return parser.parse(new ByteArrayInputStream(readCapped(entity, raw)));
        });
  }

  private <T> T execute(
      HttpUriRequestBase request, String url, Cancellation cancellation, ResponseReader<T> reader)
      throws ScrapeException {
    request.setHeader("Accept", "application/json");
    // Decompressed here rather than by the client, so that a failed answer can be aborted (above).
    request.setHeader("Accept-Encoding", "gzip");
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    cancellation.begin(request);
    ClientCertificateRequests.startRequest();
    try {
      return client.execute(
          request,
          response -> {
            HttpEntity entity = response.getEntity();
            InputStream raw = entity == null ? null : entity.getContent();
            try {
              return reader.read(response.getCode(), entity, raw);
            } catch (IOException | RuntimeException e) {
              // Closing a response reads the rest of its body to reuse the connection: for an
              // answer
              // past its cap, or one that never ends, that would mean reading all of it. Drop the
              // connection instead.
              if (raw instanceof EofSensorInputStream sensor) {
                sensor.abort();
              }
              request.cancel();
              throw e;
            }
          });
    } catch (HttpStatus e) {
      throw ScrapeException.httpStatus(
          url, e.status, ClientCertificateRequests.duringThisRequest());
    } catch (IOException | RuntimeException e) {
      if (cancellation.cancelled()) {
        throw new ScrapeException("timeout", url + " did not answer before the poll deadline", e);
      }
      throw ScrapeException.of(url, e, ClientCertificateRequests.duringThisRequest());
    }
  }

  private byte[] readCapped(HttpEntity entity, InputStream raw) throws IOException {
    boolean gzip = isGzip(entity.getContentEncoding());
    if (!gzip && entity.getContentLength() > maxResponseBytes) {
      throw new CappedInputStream.TooLargeException(maxResponseBytes);
    }
    InputStream body = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    // Drained as fast as it comes, then parsed: parsing while reading leaves the socket
    // unread between parses, and loopback TCP then stalls on delayed ACKs (measured: 1 MiB
    // of REST answer in ~0.5-1 s parsed as it streamed, in ~10 ms read first).
    return new CappedInputStream(body, maxResponseBytes).readAllBytes();
  }

  private static boolean isGzip(String contentEncoding) {
    return contentEncoding != null
        && (contentEncoding.equalsIgnoreCase("gzip") || contentEncoding.equalsIgnoreCase("x-gzip"));
  }

  private static String header(BasicAuth auth) {
    return auth == null
        ? null
        : "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  /** Carries a non-200 status out of the response handler without reading more. */
  private static final class HttpStatus extends IOException {
    final int status;

    HttpStatus(int status) {
      super("HTTP " + status);
      this.status = status;
    }
  }
}
