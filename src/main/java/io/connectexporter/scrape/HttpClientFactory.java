package io.connectexporter.scrape;

import io.connectexporter.config.HttpSettings;
import io.connectexporter.config.TlsSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.Timeout;

/** Builds the Apache HttpClient 5 instances the scrapers share: pooled, with timeouts and TLS. */
public final class HttpClientFactory {

  /** No trust store (the JVM's default trust), no client certificate, hostnames verified. */
  private static final TlsSettings DEFAULT_TLS =
      new TlsSettings(null, "", "PKCS12", null, "", "", "PKCS12", true);

  private HttpClientFactory() {}

  public static CloseableHttpClient create(HttpSettings settings, int maxConnections) {
    Timeout connect = Timeout.of(settings.connectTimeout());
    Timeout request = Timeout.of(settings.requestTimeout());
    PoolingHttpClientConnectionManagerBuilder pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(Math.max(2, maxConnections / 4))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connect)
                    .setSocketTimeout(request)
                    .build());
    // Our own TLS set-up even without trust or key store (the JVM's default trust then), so that a
    // server asking for a client certificate is noticed (ClientCertificateRequests).
    TlsSettings tlsSettings = settings.tls() == null ? DEFAULT_TLS : settings.tls();
    ClientTlsStrategyBuilder tls =
        ClientTlsStrategyBuilder.create().setSslContext(sslContext(tlsSettings));
    if (!tlsSettings.verifyHostname()) {
      // CLIENT: the JDK's own check (endpoint identification, on by default) is left off too;
      // a no-op verifier alone still failed with "No name matching ... found".
      tls.setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
    }
    pool.setTlsSocketStrategy(tls.buildClassic());
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(pool.build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(request)
                    .setResponseTimeout(request)
                    .build())
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .disableRedirectHandling()
            .setUserAgent("kafka-connect-exporter");
    if (!settings.keepAlive()) {
      builder.setConnectionReuseStrategy((req, resp, ctx) -> false);
    }
    return builder.build();
  }

  static SSLContext sslContext(TlsSettings tls) {
    try {
      SSLContextBuilder b = SSLContextBuilder.create();
      if (tls.trustStore() != null) {
        KeyStore trust = KeyStore.getInstance(tls.trustStoreType());
        try (var in = java.nio.file.Files.newInputStream(tls.trustStore())) {
          trust.load(in, chars(tls.trustStorePassword()));
        }
        b.loadTrustMaterial(trust, null);
      }
      KeyStore keys;
      if (tls.keyStore() != null) {
        keys = KeyStore.getInstance(tls.keyStoreType());
        try (var in = java.nio.file.Files.newInputStream(tls.keyStore())) {
          keys.load(in, chars(tls.keyStorePassword()));
        }
      } else {
        // No client certificate: an empty key store still lets us notice that the server asked for
        // one.
        keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
      }
      b.loadKeyMaterial(keys, chars(tls.keyPassword()), ClientCertificateRequests.STRATEGY);
      return b.build();
    } catch (IOException | GeneralSecurityException e) {
      // The message names the file, never the password.
      throw new IllegalStateException(
          "cannot load TLS material (trust store "
              + tls.trustStore()
              + ", key store "
              + tls.keyStore()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static char[] chars(String s) {
    return s == null ? new char[0] : s.toCharArray();
  }
}
