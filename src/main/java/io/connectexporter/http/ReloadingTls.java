package io.connectexporter.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.connectexporter.config.ListenTls;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the exporter's endpoints whose certificates follow their files: on every new connection
 * the files' modification time, size and identity are compared with those last read (a few {@code
 * stat} calls, nothing next to a handshake), and the certificates are read again when one changed.
 * A rotation that does not load (a key that is not yet the certificate's, a half-written file) is
 * logged once and the previous certificates stay in use until the files change again.
 *
 * <p>One {@link SSLContext} for the server's life: its key and trust managers are views of the
 * current generation. Key aliases carry their generation, so a handshake that straddles a reload
 * gets the chain and key of the one generation it chose.
 */
final class ReloadingTls {

  private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);

  private record Stamp(Path file, FileTime modified, long size, Object fileKey) {}

  private record Generation(int number, TlsMaterial material, List<Stamp> stamps) {}

  private final ListenTls tls;
  private volatile Generation current;
  private volatile Generation previous;
  private List<Stamp> failed = List.of();
  private final SSLContext context;

  /**
   * Reads the certificates now: an {@link IllegalArgumentException} says why they cannot be used.
   */
  ReloadingTls(ListenTls tls) {
    this.tls = tls;
    List<Stamp> stamps = stamps();
    this.current = new Generation(1, TlsMaterial.load(tls), stamps == null ? List.of() : stamps);
    try {
      context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new Keys()},
          tls.clientCaFile() == null ? null : new TrustManager[] {new Trust()},
          null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS", e);
    }
  }

  HttpsConfigurator configurator() {
    List<String> protocols =
        "TLSv1.3".equals(tls.minVersion()) ? List.of("TLSv1.3") : List.of("TLSv1.3", "TLSv1.2");
    String[] suites =
        Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
            .filter(ReloadingTls::strong)
            .toArray(String[]::new);
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(protocols.toArray(String[]::new));
        p.setCipherSuites(suites);
        switch (tls.clientAuth()) {
          case REQUIRED -> p.setNeedClientAuth(true);
          case OPTIONAL -> p.setWantClientAuth(true);
          case NONE -> p.setWantClientAuth(false);
        }
        params.setSSLParameters(p);
      }
    };
  }

  /**
   * TLS 1.3's suites, and TLS 1.2's forward-secret AEAD ones: no CBC, no static RSA key exchange.
   */
  static boolean strong(String suite) {
    return suite.startsWith("TLS_AES_")
        || suite.startsWith("TLS_CHACHA20_")
        || suite.startsWith("TLS_ECDHE_")
            && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
  }

  private Generation current() {
    Generation now = current;
    List<Stamp> stamps = stamps();
    if (stamps == null || stamps.equals(now.stamps())) {
      return now;
    }
    synchronized (this) {
      if (stamps.equals(current.stamps()) || stamps.equals(failed)) {
        return current;
      }
      try {
        Generation next = new Generation(current.number() + 1, TlsMaterial.load(tls), stamps);
        previous = current;
        current = next;
        failed = List.of();
        log.info(
            "exporter.listen.tls: certificate files changed; read them again, new connections use them");
      } catch (IllegalArgumentException e) {
        failed = stamps;
        log.warn(
            "exporter.listen.tls: certificate files changed but cannot be used, the previous certificates"
                + " stay in use: {}",
            e.getMessage());
      }
      return current;
    }
  }

  /** The files' stamps, or null while one is missing (mid-rotation): keep what we have. */
  private List<Stamp> stamps() {
    List<Stamp> stamps = new ArrayList<>();
    for (Path file : tls.files()) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        stamps.add(new Stamp(file, a.lastModifiedTime(), a.size(), a.fileKey()));
      } catch (IOException e) {
        return null;
      }
    }
    return stamps;
  }

  private Generation generation(String alias) {
    int colon = alias == null ? -1 : alias.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String number = alias.substring(0, colon);
    for (Generation g : new Generation[] {current, previous}) {
      if (g != null && String.valueOf(g.number()).equals(number)) {
        return g;
      }
    }
    return null;
  }

  private static String tag(Generation g, String alias) {
    return alias == null ? null : g.number() + ":" + alias;
  }

  private static String untag(String alias) {
    return alias.substring(alias.indexOf(':') + 1);
  }

  /** The server side of the current generation's key manager. */
  private final class Keys extends X509ExtendedKeyManager {

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      Generation g = current();
      return tag(g, g.material().keyManager().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      Generation g = current();
      return tag(g, g.material().keyManager().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      Generation g = current();
      String[] aliases = g.material().keyManager().getServerAliases(keyType, issuers);
      return aliases == null
          ? null
          : Arrays.stream(aliases).map(a -> tag(g, a)).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Generation g = generation(alias);
      return g == null ? null : g.material().keyManager().getCertificateChain(untag(alias));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Generation g = generation(alias);
      return g == null ? null : g.material().keyManager().getPrivateKey(untag(alias));
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** Client certificates checked against the current generation's client CA. */
  private final class Trust extends X509ExtendedTrustManager {

    private X509ExtendedTrustManager delegate() {
      return current().material().trustManager();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("the exporter's endpoints are a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("the exporter's endpoints are a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the exporter's endpoints are a server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate().getAcceptedIssuers();
    }
  }
}
