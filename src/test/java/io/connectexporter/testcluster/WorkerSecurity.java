package io.connectexporter.testcluster;

import io.connectexporter.tls.TestPki;
import io.connectexporter.tls.TestSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a secured test cluster locks its workers down, the way a user would with a plain Kafka
 * distribution: the REST listener is {@code https://} with a key store and required client
 * certificates, REST basic auth goes through Connect's own {@code BasicAuthSecurityRestExtension}
 * (JAAS {@code KafkaConnect} with {@code PropertyFileLoginModule}; Kafka 4.x only: {@code
 * connect-basic-auth-extension} 3.9.2 does not resolve here, so a 3.9.2 worker has HTTPS and
 * required client certificates but no REST password, see {@link #hasRestBasicAuth}), and the
 * Jolokia agent runs with {@code protocol=https}, client certificate authentication, a user and
 * password, and optionally an access policy.
 *
 * <p>Every certificate comes from a {@link TestPki} made at test time. The worker's certificate is
 * valid for {@code 127.0.0.1} only, so a client that reaches it as {@code localhost} sees a
 * hostname mismatch. Passwords go to files in the run directory, never onto a command line (the
 * command line is written to the worker's log).
 */
public final class WorkerSecurity {

  static final String BASIC_AUTH_EXTENSION =
      "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
  static final String LOGIN_MODULE =
      "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";

  private final TestPki pki;
  private final TestPki.Issued workerCertificate;
  private final Path jolokiaPolicy;

  private WorkerSecurity(TestPki pki, TestPki.Issued workerCertificate, Path jolokiaPolicy) {
    this.pki = pki;
    this.workerCertificate = workerCertificate;
    this.jolokiaPolicy = jolokiaPolicy;
  }

  /**
   * Workers with a certificate for 127.0.0.1 only, issued by {@code pki.ca()}; no Jolokia policy.
   */
  public static WorkerSecurity of(TestPki pki) {
    return new WorkerSecurity(pki, pki.issueServer("worker", List.of("127.0.0.1")), null);
  }

  /** The same, with the Jolokia agent started with {@code policyLocation=file:<policy>}. */
  public WorkerSecurity withJolokiaPolicy(Path policy) {
    return new WorkerSecurity(pki, workerCertificate, policy.toAbsolutePath());
  }

  public TestPki pki() {
    return pki;
  }

  /** The certificate both the REST listener and the Jolokia agent present. */
  public TestPki.Issued workerCertificate() {
    return workerCertificate;
  }

  // ------------------------------------------------------------------ worker side

  /**
   * The worker's REST settings: {@code listeners.https.*} configure the listener. The worker's own
   * REST client (forwarding to the leader) uses the same {@code listeners.https.*} key store when
   * any is set (Connect reads them "all or nothing", the top-level {@code ssl.*} are then ignored),
   * so with several workers their certificate must also allow client use (extended key usage
   * clientAuth): a serverAuth-only one was refused with {@code certificate_unknown} and followers'
   * connectors got no tasks. {@link TestPki} issues serverAuth-only server certificates, hence one
   * worker only ({@link ConnectCluster.Builder#secured}).
   */
  Map<String, String> workerProperties(int restPort, String kafkaVersion) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("listeners", "https://127.0.0.1:" + restPort);
    p.put("rest.advertised.listener", "https");
    String password = TestPki.password();
    p.put("listeners.https.ssl.keystore.location", workerCertificate.keyStore().toString());
    p.put("listeners.https.ssl.keystore.type", "PKCS12");
    p.put("listeners.https.ssl.keystore.password", password);
    p.put("listeners.https.ssl.key.password", password);
    p.put("listeners.https.ssl.truststore.location", pki.ca().trustStore().toString());
    p.put("listeners.https.ssl.truststore.type", "PKCS12");
    p.put("listeners.https.ssl.truststore.password", password);
    p.put("listeners.https.ssl.client.auth", "required");
    if (hasRestBasicAuth(kafkaVersion)) {
      p.put("rest.extension.classes", BASIC_AUTH_EXTENSION);
    }
    return p;
  }

  /**
   * Whether workers of this Kafka version get REST basic auth: 4.x only, since the extension's jar
   * ({@code connect-basic-auth-extension}) does not resolve for 3.9.2 from the Maven mirror here.
   */
  public static boolean hasRestBasicAuth(String kafkaVersion) {
    return !kafkaVersion.startsWith("3.");
  }

  /**
   * JVM options of a worker: the JAAS file naming the REST users' file (written here), with basic
   * auth.
   */
  List<String> workerJvmArgs(Path runDir, String kafkaVersion) {
    if (!hasRestBasicAuth(kafkaVersion)) {
      return List.of();
    }
    Path users = runDir.resolve("rest-users.properties");
    Path jaas = runDir.resolve("rest-jaas.conf");
    write(users, TestSecrets.REST_USER + ": " + TestSecrets.REST_PASSWORD + "\n");
    write(jaas, "KafkaConnect {\n  " + LOGIN_MODULE + " required\n  file=\"" + users + "\";\n};\n");
    return List.of("-Djava.security.auth.login.config=" + jaas);
  }

  /**
   * The Jolokia agent's options, written to a file: {@code -javaagent:jolokia.jar=config=<file>}.
   */
  String jolokiaAgentOptions(Path runDir, String name, int port) {
    return "config="
        + jolokiaConfig(runDir.resolve(name + "-jolokia.properties"), port, workerCertificate);
  }

  /**
   * Writes the options of an HTTPS Jolokia agent on 127.0.0.1:{@code port} presenting {@code
   * certificate}: client certificates from {@code pki.ca()} required, basic auth, and the policy if
   * one is set. Returns the file.
   */
  Path jolokiaConfig(Path file, int port, TestPki.Issued certificate) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("host", "127.0.0.1");
    p.put("port", Integer.toString(port));
    p.put("discoveryEnabled", "false");
    p.put("protocol", "https");
    // PEM files: with "keystore" instead, the agent trusts for client certificates only what
    // that key store holds and ignores caCert (measured with 2.6.0: PKIX path building failed).
    p.put("serverCert", certificate.certPem().toString());
    p.put("serverKey", certificate.keyPem().toString());
    p.put("useSslClientAuthentication", "true");
    p.put("caCert", pki.ca().certPem().toString());
    p.put("user", TestSecrets.JOLOKIA_USER);
    p.put("password", TestSecrets.JOLOKIA_PASSWORD);
    // Both a client certificate and the password. With the default ("any") either one is
    // enough: the password alone gets in, since the agent only asks for a certificate.
    p.put("authMatch", "all");
    if (jolokiaPolicy != null) {
      p.put("policyLocation", "file:" + jolokiaPolicy);
    }
    Properties props = new Properties();
    props.putAll(p);
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "Jolokia agent options, written by WorkerSecurity");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  // ------------------------------------------------------------------ client side (the tests' own
  // calls)

  /** An HTTP client that trusts {@code pki.ca()} and presents {@code pki.client()}. */
  public HttpClient.Builder httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(clientSslContext());
  }

  public String restAuthorization() {
    return basic(TestSecrets.REST_USER, TestSecrets.REST_PASSWORD);
  }

  public String jolokiaAuthorization() {
    return basic(TestSecrets.JOLOKIA_USER, TestSecrets.JOLOKIA_PASSWORD);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private SSLContext clientSslContext() {
    try {
      char[] password = TestPki.password().toCharArray();
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(pki.client().keyStore(), password), password);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(pki.ca().trustStore(), password));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test PKI's client key and CA", e);
    }
  }

  private static KeyStore load(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
