package io.connectexporter.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test PKI is what the TLS tests rely on it to be, checked with the JDK's own PKIX validation.
 */
class TestPkiTest {

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void make() {
    pki = TestPki.create(dir);
  }

  @Test
  void serverChainIsTrustedByTheCaTrustStoreOnly() throws Exception {
    X509TrustManager trustCa = trustManager(pki.ca().trustStore());
    trustCa.checkServerTrusted(chain(pki.server()), "RSA");
    trustCa.checkClientTrusted(chain(pki.client()), "RSA");
    assertThrows(
        CertificateException.class,
        () -> trustCa.checkServerTrusted(chain(pki.untrustedServer()), "RSA"));
    assertThrows(
        CertificateException.class, () -> trustCa.checkServerTrusted(chain(pki.expired()), "RSA"));
    trustManager(pki.otherCa().trustStore())
        .checkServerTrusted(chain(pki.untrustedServer()), "RSA");
  }

  @Test
  void wrongHostCertificateDoesNotNameTheLocalHost() throws Exception {
    List<String> names =
        pki.wrongHost().certificate().getSubjectAlternativeNames().stream()
            .map(n -> String.valueOf(n.get(1)))
            .toList();
    assertEquals(List.of("wrong-host.example", "10.255.255.1"), names);
    List<String> good =
        pki.server().certificate().getSubjectAlternativeNames().stream()
            .map(n -> String.valueOf(n.get(1)))
            .toList();
    assertEquals(TestPki.LOCAL_HOSTS, good);
  }

  @Test
  void pemFilesMatchTheKeyStore() throws Exception {
    String keyPem = Files.readString(pki.client().keyPem());
    assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"), keyPem.substring(0, 30));
    byte[] der = Base64.getMimeDecoder().decode(keyPem.replaceAll("-----[A-Z ]+-----", ""));
    assertEquals(
        pki.client().privateKey(),
        KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.client().keyStore())) {
      store.load(in, TestPki.password().toCharArray());
    }
    assertEquals(pki.client().certificate(), store.getCertificate("client"));
    assertEquals(2, store.getCertificateChain("client").length);
    String chain = Files.readString(pki.server().chainPem());
    assertEquals(2, chain.split("BEGIN CERTIFICATE").length - 1);
    assertFalse(Files.readString(pki.ca().certPem()).contains("PRIVATE"));
  }

  private static X509Certificate[] chain(TestPki.Issued issued) {
    return new X509Certificate[] {issued.certificate(), pki.ca().certificate()};
  }

  private static X509TrustManager trustManager(Path trustStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      store.load(in, TestPki.password().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }
}
