package io.connectexporter.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Basic auth against bcrypt hashes, the exporter-toolkit way. A bcrypt check costs tens of
 * milliseconds of CPU by design, too much for every scrape: a successful check is remembered for a
 * few minutes, keyed by a SHA-256 digest of user, password and hash (the password itself is not
 * kept). Failures are not remembered, so guessing stays as slow as bcrypt makes it. An unknown user
 * costs one bcrypt check too, so that the time of an answer does not tell which users exist.
 */
final class BcryptAuthenticator extends Authenticator {

  static final String REALM = "kafka-connect-exporter";
  private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000L;
  private static final int MAX_REMEMBERED = 1000;
  // htpasswd -B and most tools truncate at bcrypt's 72 bytes; so do we, instead of refusing.
  private static final BCrypt.Verifyer VERIFYER =
      BCrypt.verifyer(
          BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

  private final Map<String, String> users;
  private final Map<String, Long> remembered = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final String unknownUserHash;

  BcryptAuthenticator(Map<String, String> users, LongSupplier nanoTime) {
    this.users = Map.copyOf(users);
    this.nanoTime = nanoTime;
    String any = users.values().iterator().next();
    int cost = Integer.parseInt(any.substring(4, 6));
    this.unknownUserHash = BCrypt.withDefaults().hashToString(cost, "no such user".toCharArray());
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    String[] credentials = credentials(exchange.getRequestHeaders().getFirst("Authorization"));
    if (credentials != null && check(credentials[0], credentials[1])) {
      return new Success(new HttpPrincipal(credentials[0], REALM));
    }
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    return new Retry(401);
  }

  /** User and password of a {@code Basic} header, or null when absent or malformed. */
  private static String[] credentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  boolean check(String user, String password) {
    String hash = users.get(user);
    String key = digest(user, password, hash);
    Long until = remembered.get(key);
    long now = nanoTime.getAsLong();
    if (until != null && now - until < 0) {
      return true;
    }
    boolean ok =
        VERIFYER.verify(
                    password.toCharArray(), (hash == null ? unknownUserHash : hash).toCharArray())
                .verified
            && hash != null;
    if (ok) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(key, now + REMEMBER_NANOS);
    }
    return ok;
  }

  private static String digest(String user, String password, String hash) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {user, password, String.valueOf(hash)}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
