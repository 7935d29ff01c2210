package io.connectexporter.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.connectexporter.config.InvalidConfigException;
import io.connectexporter.config.ListenSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * TLS and basic auth of the exporter's endpoints ({@code exporter.listen}): makes the HTTP or HTTPS
 * server, which puts the password check in front of every endpoint created on it, so that the code
 * adding endpoints and their handlers know nothing of either.
 */
public final class EndpointSecurity {

  private static final Set<String> HEALTH_PATHS = Set.of("/-/healthy", "/-/ready");

  private final ListenSecurity settings;
  private final ReloadingTls tls;
  private final BcryptAuthenticator auth;

  private EndpointSecurity(ListenSecurity settings) {
    this.settings = settings;
    try {
      this.tls = settings.tls() == null ? null : new ReloadingTls(settings.tls());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    this.auth =
        settings.users().isEmpty()
            ? null
            : new BcryptAuthenticator(settings.users(), System::nanoTime);
  }

  /**
   * Reads the certificates and key stores now. Throws {@link InvalidConfigException} naming the
   * file and what is wrong with it (never a password).
   */
  public static EndpointSecurity of(ListenSecurity settings) {
    return new EndpointSecurity(settings);
  }

  HttpServer createServer(InetSocketAddress address, int backlog) throws IOException {
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(address, backlog);
    } else {
      HttpsServer https = HttpsServer.create(address, backlog);
      https.setHttpsConfigurator(tls.configurator());
      server = https;
    }
    return auth == null ? server : new GuardedHttpServer(server, this::protect);
  }

  /** Puts basic auth in front of the endpoint, except open health endpoints. */
  private HttpContext protect(HttpContext context) {
    if (auth != null
        && !(settings.openHealthEndpoints() && HEALTH_PATHS.contains(context.getPath()))) {
      context.setAuthenticator(auth);
    }
    return context;
  }

  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
