package io.connectexporter;

import io.connectexporter.cli.Commands;
import io.connectexporter.config.ConfigLoader;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.config.InvalidConfigException;
import io.connectexporter.http.EndpointSecurity;
import io.connectexporter.sources.Sources;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kafka-connect-exporter.jar --config exporter.conf} runs the daemon; {@code java
 * -jar kafka-connect-exporter.jar COMMAND --config exporter.conf ...} runs a command ({@link
 * Commands}).
 */
public final class Main {

  private static final String USAGE =
      """
      usage: java -jar kafka-connect-exporter.jar --config FILE [--check-config]
        --config FILE    HOCON configuration (see reference.conf for every key)
        --check-config   validate the configuration (certificates too), print it with secrets
                         redacted, and exit
        --version        print the version and exit
      Overrides: -Dexporter.listen.port=9841, or CONFIG_FORCE_exporter_listen_port=9841.
      Commands, on the clusters of the same config file (COMMAND --help for each):
        java -jar kafka-connect-exporter.jar COMMAND --config FILE [--cluster NAME] ...
      """
          + Commands.summaries();

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && Commands.isCommand(args[0])) {
      System.exit(Commands.run(args, System.out, System.err));
    }
    // Must be set before the JDK HTTP server is first used: see ExporterHttpServer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Path configFile = null;
    boolean checkOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) {
            fail("--config needs a file");
          }
          configFile = Path.of(args[++i]);
        }
        case "--check-config" -> checkOnly = true;
        case "--version" -> {
          System.out.println("kafka-connect-exporter " + Exporter.version());
          return;
        }
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return;
        }
        default -> fail("unknown argument " + args[i]);
      }
    }
    ExporterConfig config;
    Exporter exporter;
    try {
      config = ConfigLoader.load(configFile);
      Sources.check(config);
      if (checkOnly) {
        EndpointSecurity.of(config.listenSecurity());
        System.out.println("configuration OK: " + config.clusters().size() + " cluster(s)");
        System.out.print(ConfigLoader.describeRedacted(configFile));
        return;
      }
      exporter = Exporter.start(config);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down");
                  exporter.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  private static void fail(String message) {
    System.err.println(message);
    System.err.print(USAGE);
    System.exit(2);
  }
}
