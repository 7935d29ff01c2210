package io.connectexporter.http;

import io.connectexporter.config.ListenTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server certificate and client CA of the exporter's endpoints, read once from the files of
 * {@link ListenTls} into the JDK's own key and trust managers (no parsing of our own beyond taking
 * the base64 out of a PEM key). Every failure is an {@link IllegalArgumentException} whose message
 * names the file and never a secret.
 *
 * @param trustManager null when client certificates are not asked for
 */
record TlsMaterial(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {

  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  static TlsMaterial load(ListenTls tls) {
    X509ExtendedKeyManager keys =
        tls.keyStore() != null ? fromKeyStore(tls) : fromPem(tls.certFile(), tls.keyFile());
    X509ExtendedTrustManager trust =
        tls.clientCaFile() == null ? null : trustManager(tls.clientCaFile());
    return new TlsMaterial(keys, trust);
  }

  private static X509ExtendedKeyManager fromKeyStore(ListenTls tls) {
    char[] password =
        tls.keyStorePassword() == null ? new char[0] : tls.keyStorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore store = KeyStore.getInstance(tls.keyStoreType());
      store.load(in, password);
      if (!hasKey(store)) {
        throw new IllegalArgumentException(
            "exporter.listen.tls.key-store "
                + tls.keyStore()
                + " holds no private key entry (it needs the server's key and certificate)");
      }
      return keyManager(store, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.key-store "
              + tls.keyStore()
              + " cannot be read: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return true;
      }
    }
    return false;
  }

  private static X509ExtendedKeyManager fromPem(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile, "exporter.listen.tls.cert-file");
    PrivateKey key = privateKey(keyFile);
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.key-file "
              + keyFile
              + " is not the private key of the first certificate in cert-file "
              + certFile);
    }
    try {
      // An in-memory store with a throw-away password: the JDK's key manager reads only stores.
      char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
      return keyManager(store, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "exporter.listen.tls: cannot use the key of "
              + keyFile
              + ": "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  private static PrivateKey privateKey(Path keyFile) {
    String text = read(keyFile, "exporter.listen.tls.key-file");
    Matcher pem = PEM_BLOCK.matcher(text);
    if (!pem.find()) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.key-file " + keyFile + " holds no PEM block");
    }
    if (!"PRIVATE KEY".equals(pem.group(1))) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.key-file "
              + keyFile
              + " holds a \""
              + pem.group(1)
              + "\"; an unencrypted PKCS#8 \"PRIVATE KEY\" is needed: convert it with"
              + " openssl pkcs8 -topk8 -nocrypt -in "
              + keyFile
              + " -out server-pkcs8.key");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.key-file " + keyFile + ": the PEM block is not base64");
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException(
        "exporter.listen.tls.key-file "
            + keyFile
            + ": not an RSA, EC or Ed25519 PKCS#8 private key");
  }

  /** Whether the key signs what the certificate's public key verifies (JDK signatures only). */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = "kafka-connect-exporter key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X509ExtendedKeyManager keyManager(KeyStore store, char[] password)
      throws GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    for (KeyManager manager : factory.getKeyManagers()) {
      if (manager instanceof X509ExtendedKeyManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 key manager");
  }

  private static X509ExtendedTrustManager trustManager(Path caFile) {
    List<X509Certificate> cas = certificates(caFile, "exporter.listen.tls.client-ca-file");
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new GeneralSecurityException("no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "exporter.listen.tls.client-ca-file "
              + caFile
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<X509Certificate> certificates(Path file, String key) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new IllegalArgumentException(key + " " + file + " holds no PEM certificate");
      }
      return read.stream().map(X509Certificate.class::cast).toList();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          key
              + " "
              + file
              + " holds no readable PEM certificate: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String read(Path file, String key) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + " " + file + " cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }
}
