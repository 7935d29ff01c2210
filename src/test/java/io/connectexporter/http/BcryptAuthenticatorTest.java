package io.connectexporter.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.connectexporter.tls.TestSecrets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Passwords against bcrypt hashes of each version tools write, remembered or not. */
class BcryptAuthenticatorTest {

  private static String hash(BCrypt.Version version, String password) {
    return BCrypt.with(version).hashToString(4, password.toCharArray());
  }

  @Test
  void everyBcryptVersionToolsWriteIsAccepted() {
    long[] now = {0};
    BcryptAuthenticator auth =
        new BcryptAuthenticator(
            Map.of(
                "a", hash(BCrypt.Version.VERSION_2A, TestSecrets.SCRAPE_PASSWORD),
                "b", hash(BCrypt.Version.VERSION_2B, TestSecrets.SCRAPE_PASSWORD),
                "y", hash(BCrypt.Version.VERSION_2Y, TestSecrets.SCRAPE_PASSWORD)),
            () -> now[0]);
    for (String user : new String[] {"a", "b", "y"}) {
      assertTrue(auth.check(user, TestSecrets.SCRAPE_PASSWORD), user);
      assertFalse(auth.check(user, TestSecrets.SCRAPE_PASSWORD + "x"), user);
      assertFalse(auth.check(user, ""), user);
    }
    assertFalse(auth.check("nobody", TestSecrets.SCRAPE_PASSWORD), "an unknown user is refused");
  }

  @Test
  void aRememberedSuccessIsForThatPasswordOnlyAndExpires() {
    long[] now = {0};
    BcryptAuthenticator auth =
        new BcryptAuthenticator(
            Map.of("u", hash(BCrypt.Version.VERSION_2Y, TestSecrets.SCRAPE_PASSWORD)),
            () -> now[0]);
    assertTrue(auth.check("u", TestSecrets.SCRAPE_PASSWORD));
    assertFalse(auth.check("u", "wrong"), "remembering one password lets no other in");
    now[0] += 10L * 60 * 1_000_000_000L;
    assertTrue(
        auth.check("u", TestSecrets.SCRAPE_PASSWORD), "checked again by bcrypt after it expired");
  }

  @Test
  void passwordsPastBcryptsLimitAreTruncatedLikeHtpasswd() {
    String longPassword = "p".repeat(72);
    BcryptAuthenticator auth =
        new BcryptAuthenticator(
            Map.of("u", hash(BCrypt.Version.VERSION_2Y, longPassword)), () -> 0);
    assertTrue(auth.check("u", longPassword + "tail"), "bcrypt reads 72 bytes; so does htpasswd");
  }
}
