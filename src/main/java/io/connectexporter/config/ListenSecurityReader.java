package io.connectexporter.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads {@code exporter.listen}'s TLS and basic auth settings (see reference.conf). */
final class ListenSecurityReader {

  private static final Pattern BCRYPT_HASH =
      Pattern.compile("\\$2[aby]\\$[0-3][0-9]\\$[./A-Za-z0-9]{53}");

  private final ConfigReads reads;

  ListenSecurityReader(ConfigReads reads) {
    this.reads = reads;
  }

  ListenSecurity read(Config c, String path) {
    ListenTls tls = listenTls(c.getConfig("tls"), path + ".tls");
    Map<String, String> users = new TreeMap<>();
    ConfigObject listed = reads.object(c, "basic-auth.users", path);
    for (String user : listed == null ? Set.<String>of() : listed.keySet()) {
      String hash =
          reads.string(listed.toConfig(), ConfigUtil.joinPath(user), path + ".basic-auth.users");
      if (hash != null && !BCRYPT_HASH.matcher(hash).matches()) {
        // Never echo the value: it may be a plain password typed where the hash belongs.
        reads.problems.add(
            path
                + ".basic-auth.users."
                + user
                + ": not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters);"
                + " make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'");
      }
      if (hash != null) {
        users.put(user, hash);
      }
    }
    boolean openHealth = reads.bool(c, "open-health-endpoints", path);
    return tls == null && users.isEmpty() && !openHealth
        ? ListenSecurity.NONE
        : new ListenSecurity(tls, users, openHealth);
  }

  private ListenTls listenTls(Config c, String path) {
    Path cert = reads.file(c, "cert-file", path);
    Path key = reads.file(c, "key-file", path);
    Path keyStore = reads.file(c, "key-store", path);
    String clientAuthText = reads.string(c, "client-auth", path);
    Path clientCa = reads.file(c, "client-ca-file", path);
    String minVersion = reads.string(c, "min-version", path);
    String keyStorePassword = reads.secret(c, "key-store-password", path);
    boolean pem = reads.isSet(c, "cert-file") || reads.isSet(c, "key-file");
    boolean store = reads.isSet(c, "key-store");
    ListenTls.ClientAuth clientAuth = null;
    try {
      clientAuth =
          ListenTls.ClientAuth.valueOf(String.valueOf(clientAuthText).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      reads.problems.add(
          path + ".client-auth: \"" + clientAuthText + "\" is not one of none, optional, required");
    }
    if (!"TLSv1.2".equals(minVersion) && !"TLSv1.3".equals(minVersion)) {
      reads.problems.add(path + ".min-version: \"" + minVersion + "\" is not TLSv1.2 or TLSv1.3");
    }
    if (!pem && !store) {
      if (clientAuth != null && clientAuth != ListenTls.ClientAuth.NONE
          || reads.isSet(c, "client-ca-file")) {
        reads.problems.add(
            path
                + ": client-auth and client-ca-file need TLS: set cert-file and key-file, or key-store");
      }
      return null;
    }
    if (pem && store) {
      reads.problems.add(path + ": set either cert-file and key-file (PEM) or key-store, not both");
    } else if (pem && (!reads.isSet(c, "cert-file") || !reads.isSet(c, "key-file"))) {
      reads.problems.add(path + ": cert-file and key-file go together; set both");
    }
    if (clientAuth != null
        && clientAuth != ListenTls.ClientAuth.NONE
        && !reads.isSet(c, "client-ca-file")) {
      reads.problems.add(
          path
              + ".client-ca-file: required when client-auth is "
              + clientAuthText
              + " (the CA that signs the clients' certificates, PEM)");
    }
    return new ListenTls(
        cert,
        key,
        keyStore,
        keyStorePassword,
        reads.string(c, "key-store-type", path),
        clientAuth,
        clientCa,
        minVersion);
  }
}
