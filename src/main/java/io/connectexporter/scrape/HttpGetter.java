package io.connectexporter.scrape;

import io.connectexporter.config.BasicAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The HTTP calls the scrapers make, over one pooled HttpClient 5 per endpoint kind, with
 * preemptive basic auth. Any failure becomes a {@link ScrapeException} with a reason.
 */
public final class HttpGetter implements AutoCloseable {

  private final CloseableHttpClient client;
  private final String authorization;

  public HttpGetter(CloseableHttpClient client, BasicAuth auth) {
    this.client = client;
    this.authorization = auth == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
  }

  public byte[] get(String url) throws ScrapeException {
    return execute(new HttpGet(url), url);
  }

  /** POSTs a JSON body; {@code onStart} receives the request so a deadline can cancel it. */
  public byte[] postJson(String url, byte[] body, java.util.function.Consumer<HttpUriRequestBase> onStart)
      throws ScrapeException {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    onStart.accept(post);
    return execute(post, url);
  }

  private byte[] execute(HttpUriRequestBase request, String url) throws ScrapeException {
    request.setHeader("Accept", "application/json");
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    try {
      return client.execute(request, response -> {
        byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        if (response.getCode() != 200) {
          throw new HttpStatus(response.getCode());
        }
        return bytes;
      });
    } catch (HttpStatus e) {
      throw ScrapeException.httpStatus(url, e.status);
    } catch (IOException | RuntimeException e) {
      if (request.isCancelled()) {
        throw new ScrapeException("timeout", url + " did not answer before the poll deadline", e);
      }
      throw ScrapeException.of(url, e);
    }
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
