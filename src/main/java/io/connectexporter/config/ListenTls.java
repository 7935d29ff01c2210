package io.connectexporter.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * TLS of the exporter's own endpoints: the server certificate either as PEM files ({@code certFile}
 * + {@code keyFile}) or as a key store, and how client certificates are checked. {@link
 * #toString()} never shows the key store password.
 *
 * @param clientCaFile PEM CA certificate(s) a client certificate must chain to; null when {@code
 *     clientAuth} is {@link ClientAuth#NONE}
 * @param minVersion {@code TLSv1.2} or {@code TLSv1.3}
 */
public record ListenTls(
    Path certFile,
    Path keyFile,
    Path keyStore,
    String keyStorePassword,
    String keyStoreType,
    ClientAuth clientAuth,
    Path clientCaFile,
    String minVersion) {

  /** Whether a client must, may or need not present a certificate signed by the client CA. */
  public enum ClientAuth {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  /** The files whose change means the certificates must be read again. */
  public List<Path> files() {
    return Stream.of(certFile, keyFile, keyStore, clientCaFile).filter(Objects::nonNull).toList();
  }

  @Override
  public String toString() {
    return "ListenTls[certFile="
        + certFile
        + ", keyFile="
        + keyFile
        + ", keyStore="
        + keyStore
        + ", clientAuth="
        + clientAuth
        + ", clientCaFile="
        + clientCaFile
        + ", minVersion="
        + minVersion
        + "]";
  }
}
