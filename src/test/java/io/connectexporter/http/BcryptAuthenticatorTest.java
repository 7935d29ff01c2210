package io.connectexporter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.connectexporter.tls.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The README's worked example (section "The exporter's endpoints") gives a bcrypt hash and, in a
   * comment, the password it is the hash of: a reader who copies both must get in.
   */
  @Test
  void theReadmesWorkedExampleHashIsOfThePasswordItNames() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("### The exporter's endpoints");
    assertTrue(section >= 0, "the README's section on the exporter's endpoints");
    int start = readme.indexOf("```hocon\n", section);
    int end = readme.indexOf("```", start + 8);
    assertTrue(start > 0 && end > start, "its worked example");
    String example = readme.substring(start + 8, end);
    Config users = ConfigFactory.parseString(example).getConfig("exporter.listen.basic-auth.users");
    Matcher said = Pattern.compile("# bcrypt of \"([^\"]+)\"").matcher(example);
    assertTrue(said.find(), "the example names its password:\n" + example);
    String password = said.group(1);
    assertEquals(1, users.root().size(), "one user: " + users.root().keySet());
    String user = users.root().keySet().iterator().next();
    String hash = users.getString(user);
    assertTrue(
        BCrypt.verifyer().verify(password.toCharArray(), hash).verified,
        hash + " is not the bcrypt hash of \"" + password + "\"");
    BcryptAuthenticator auth = new BcryptAuthenticator(Map.of(user, hash), () -> 0);
    assertTrue(auth.check(user, password), "the exporter lets the README's user in");
    assertFalse(auth.check(user, password + "x"));
  }
}
