package io.connectexporter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectexporter.testcluster.ConnectCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * Builds the image from the Dockerfile and scrapes it against the real cluster. Runs only where a
 * Docker engine exists (our machines and CI have none: it then reports itself skipped, with why).
 */
class DockerImageIT {

  @Test
  void imageBuildsAndServesMetrics() throws Exception {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    Assumptions.assumeTrue(
        docker, "SKIPPED: no Docker engine here; the image test runs where one exists");

    ConnectCluster cluster = ConnectCluster.shared();
    Path config = Path.of("target", "docker-it.conf");
    java.nio.file.Files.writeString(
        config,
        ExporterUnderTest.config(cluster, "docker", "2s")
            .replace("host = \"127.0.0.1\", port = 0", "host = \"0.0.0.0\", port = 9840"));
    try (GenericContainer<?> exporter =
        new GenericContainer<>(
                new ImageFromDockerfile("kafka-connect-exporter-it", false)
                    .withFileFromPath(".", Path.of(".")))
            .withNetworkMode("host") // the test cluster listens on the host's 127.0.0.1
            .withCopyFileToContainer(
                MountableFile.forHostPath(config), "/etc/kafka-connect-exporter/exporter.conf")
            .waitingFor(
                Wait.forHttp("/-/ready").forPort(9840).withStartupTimeout(Duration.ofMinutes(2)))) {
      exporter.start();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:9840/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(
          1.0,
          PromText.parse(r.body())
              .value("kafka_connect_exporter_target_up", "cluster", "docker", "source", "rest"));
    }
  }
}
