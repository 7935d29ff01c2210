package io.connectexporter.scrape;

import java.util.Map;
import javax.net.ssl.SSLParameters;
import org.apache.hc.core5.ssl.PrivateKeyDetails;
import org.apache.hc.core5.ssl.PrivateKeyStrategy;

/**
 * Remembers, per thread, whether the server asked for a client certificate during the request
 * running on it, and whether there was one to offer. Why: under TLS 1.3 a server that refuses the
 * client (no certificate, or one it does not trust or that has expired) says so only after the
 * client has finished its side of the handshake, and the client often sees just the connection
 * dropping (a broken pipe while it sends the request, a reset, no answer) instead of the server's
 * alert. Knowing that the server asked lets that failure count as {@code tls}, with a hint.
 *
 * <p>The HTTP client is the classic (blocking) one: a request's handshake runs on the thread that
 * executes it, so a thread-local is exact.
 */
final class ClientCertificateRequests implements PrivateKeyStrategy {

  /** What happened to client certificates during the current request. */
  enum Outcome {
    /** No handshake, or the server did not ask: nothing to say. */
    NOT_ASKED,
    /** The server asked and the key store had no certificate for it (or there is no key store). */
    ASKED_NONE_OFFERED,
    /** The server asked and got our certificate: it may still have refused it. */
    ASKED_OFFERED
  }

  static final ClientCertificateRequests STRATEGY = new ClientCertificateRequests();
  private static final ThreadLocal<Outcome> OUTCOME =
      ThreadLocal.withInitial(() -> Outcome.NOT_ASKED);

  private ClientCertificateRequests() {}

  /**
   * Called by the TLS client when the server asks for a certificate: offers the first usable alias.
   */
  @Override
  public String chooseAlias(Map<String, PrivateKeyDetails> aliases, SSLParameters parameters) {
    String alias = aliases.keySet().stream().sorted().findFirst().orElse(null);
    OUTCOME.set(alias == null ? Outcome.ASKED_NONE_OFFERED : Outcome.ASKED_OFFERED);
    return alias;
  }

  /** Forgets the previous request on this thread. */
  static void startRequest() {
    OUTCOME.set(Outcome.NOT_ASKED);
  }

  static Outcome duringThisRequest() {
    return OUTCOME.get();
  }
}
