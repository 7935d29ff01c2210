package io.connectexporter.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at test time (no private key is ever committed): a CA, a second unrelated
 * CA, and certificates issued from them, each written as PKCS12 and as PEM into one directory.
 *
 * <p>Every PKCS12 file (key stores and trust stores) is protected by {@link
 * TestSecrets#STORE_PASSWORD}; every key store holds one entry, alias = the certificate's name,
 * with its chain (leaf, CA). PEM keys are unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}). Keys are
 * RSA 2048, signatures SHA256withRSA: what every peer here (JDK, Connect, Jolokia, Prometheus' Go
 * TLS) accepts.
 *
 * <pre>
 * TestPki pki = TestPki.create(tempDir);
 * pki.server().keyStore();       // server.p12, for 127.0.0.1 and localhost
 * pki.ca().trustStore();         // ca-truststore.p12, trusts everything pki issues from ca()
 * pki.client().certPem();        // client.crt.pem (+ client.key.pem), for mutual TLS
 * </pre>
 */
public final class TestPki {

  /** Hosts every good server certificate is valid for (DNS and IP subject alternative names). */
  public static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1");

  /**
   * One issued certificate and its key.
   *
   * @param keyStore PKCS12 with the key and chain (leaf, issuer), alias {@code name}
   * @param certPem the leaf certificate, PEM
   * @param chainPem the leaf then its issuer, PEM
   * @param keyPem the private key, unencrypted PKCS#8 PEM
   */
  public record Issued(
      String name,
      X509Certificate certificate,
      PrivateKey privateKey,
      Path keyStore,
      Path certPem,
      Path chainPem,
      Path keyPem) {}

  /**
   * A certificate authority as the side that trusts it sees it.
   *
   * @param certPem the CA certificate, PEM (a {@code ca_file} / {@code caCert})
   * @param trustStore PKCS12 trust store holding only this CA, alias {@code ca}
   */
  public record Authority(
      String name, X509Certificate certificate, Path certPem, Path trustStore) {}

  private record Ca(Authority authority, KeyPair keys) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Ca ca;
  private final Ca otherCa;
  private final Issued server;
  private final Issued client;
  private final Issued expired;
  private final Issued wrongHost;
  private final Issued untrustedServer;

  private TestPki(Path dir) throws IOException, GeneralSecurityException {
    this.dir = dir;
    ca = newCa("ca", "CN=Test CA");
    otherCa = newCa("other-ca", "CN=Unrelated Test CA");
    Instant now = Instant.now();
    server =
        issue(
            ca,
            "server",
            "CN=localhost",
            LOCAL_HOSTS,
            KeyPurposeId.id_kp_serverAuth,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(2)));
    client =
        issue(
            ca,
            "client",
            "CN=exporter",
            List.of(),
            KeyPurposeId.id_kp_clientAuth,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(2)));
    expired =
        issue(
            ca,
            "expired",
            "CN=localhost",
            LOCAL_HOSTS,
            KeyPurposeId.id_kp_serverAuth,
            now.minus(Duration.ofDays(10)),
            now.minus(Duration.ofDays(1)));
    wrongHost =
        issue(
            ca,
            "wrong-host",
            "CN=wrong-host.example",
            List.of("wrong-host.example", "10.255.255.1"),
            KeyPurposeId.id_kp_serverAuth,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(2)));
    untrustedServer =
        issue(
            otherCa,
            "untrusted-server",
            "CN=localhost",
            LOCAL_HOSTS,
            KeyPurposeId.id_kp_serverAuth,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(2)));
  }

  /** Makes both CAs and every certificate below into {@code dir} (which must exist). */
  public static TestPki create(Path dir) {
    try {
      return new TestPki(dir);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make the test PKI in " + dir, e);
    }
  }

  /** The password of every PKCS12 file written here. */
  public static String password() {
    return TestSecrets.STORE_PASSWORD;
  }

  public Path dir() {
    return dir;
  }

  /**
   * The CA that issued {@link #server()}, {@link #client()}, {@link #expired()}, {@link
   * #wrongHost()}.
   */
  public Authority ca() {
    return ca.authority();
  }

  /** A second CA, unrelated to {@link #ca()}: it issued only {@link #untrustedServer()}. */
  public Authority otherCa() {
    return otherCa.authority();
  }

  /** Server certificate for {@link #LOCAL_HOSTS}, from {@link #ca()}, valid two days. */
  public Issued server() {
    return server;
  }

  /** Client certificate (CN=exporter, extended key usage clientAuth) from {@link #ca()}. */
  public Issued client() {
    return client;
  }

  /** Server certificate for {@link #LOCAL_HOSTS} from {@link #ca()} that expired a day ago. */
  public Issued expired() {
    return expired;
  }

  /** Server certificate from {@link #ca()} for wrong-host.example and 10.255.255.1 only. */
  public Issued wrongHost() {
    return wrongHost;
  }

  /** Server certificate for {@link #LOCAL_HOSTS} from {@link #otherCa()}: a wrong-CA case. */
  public Issued untrustedServer() {
    return untrustedServer;
  }

  /**
   * A new server certificate from {@link #ca()} for {@code hosts} (DNS names or IP addresses),
   * valid two days, written as {@code name}.p12 / .crt.pem / .key.pem: e.g. to rotate a
   * certificate.
   */
  public Issued issueServer(String name, List<String> hosts) {
    Instant now = Instant.now();
    return issueOrFail(
        ca,
        name,
        "CN=" + hosts.get(0),
        hosts,
        KeyPurposeId.id_kp_serverAuth,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(2)));
  }

  /** A new client certificate from {@link #ca()} with subject CN={@code commonName}. */
  public Issued issueClient(String name, String commonName) {
    Instant now = Instant.now();
    return issueOrFail(
        ca,
        name,
        "CN=" + commonName,
        List.of(),
        KeyPurposeId.id_kp_clientAuth,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(2)));
  }

  private Issued issueOrFail(
      Ca issuer,
      String name,
      String subject,
      List<String> hosts,
      KeyPurposeId purpose,
      Instant notBefore,
      Instant notAfter) {
    try {
      return issue(issuer, name, subject, hosts, purpose, notBefore, notAfter);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not issue " + name, e);
    }
  }

  private Ca newCa(String name, String subject) throws IOException, GeneralSecurityException {
    KeyPair keys = rsa();
    Instant now = Instant.now();
    X500Name dn = new X500Name(subject);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                dn,
                serial(),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                dn,
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                ext.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate cert = sign(builder, keys.getPrivate());
    Path pem = dir.resolve(name + ".crt.pem");
    writePem(pem, List.of(cert));
    KeyStore trust = emptyStore();
    trust.setCertificateEntry("ca", cert);
    Path trustStore = dir.resolve(name + "-truststore.p12");
    save(trust, trustStore);
    return new Ca(new Authority(name, cert, pem, trustStore), keys);
  }

  private Issued issue(
      Ca issuer,
      String name,
      String subject,
      List<String> hosts,
      KeyPurposeId purpose,
      Instant notBefore,
      Instant notAfter)
      throws IOException, GeneralSecurityException {
    KeyPair keys = rsa();
    X509Certificate issuerCert = issuer.authority().certificate();
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                issuerCert,
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                new X500Name(subject),
                keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                ext.createSubjectKeyIdentifier(keys.getPublic()))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                ext.createAuthorityKeyIdentifier(issuerCert));
    if (!hosts.isEmpty()) {
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hosts));
    }
    X509Certificate cert = sign(builder, issuer.keys().getPrivate());
    Path certPem = dir.resolve(name + ".crt.pem");
    writePem(certPem, List.of(cert));
    Path chainPem = dir.resolve(name + ".chain.pem");
    writePem(chainPem, List.of(cert, issuerCert));
    Path keyPem = dir.resolve(name + ".key.pem");
    writePem(keyPem, "PRIVATE KEY", keys.getPrivate().getEncoded());
    KeyStore store = emptyStore();
    store.setKeyEntry(
        name, keys.getPrivate(), password().toCharArray(), new Certificate[] {cert, issuerCert});
    Path keyStore = dir.resolve(name + ".p12");
    save(store, keyStore);
    return new Issued(name, cert, keys.getPrivate(), keyStore, certPem, chainPem, keyPem);
  }

  private static GeneralNames subjectAltNames(List<String> hosts) {
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      boolean ip = host.matches("[0-9.]+") || host.contains(":");
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void save(KeyStore store, Path file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password().toCharArray());
    }
  }

  private static void writePem(Path file, List<X509Certificate> certs)
      throws IOException, GeneralSecurityException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate cert : certs) {
      pem.append(pem("CERTIFICATE", cert.getEncoded()));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    Files.writeString(file, pem(type, der), StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN "
        + type
        + "-----\n"
        + lines.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
