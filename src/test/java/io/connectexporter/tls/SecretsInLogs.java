package io.connectexporter.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches what a test run wrote for the test secrets ({@link TestSecrets}), as they are and as
 * they travel in a basic auth header (base64 of {@code user:password}). What counts as a log: the
 * Failsafe reports and their {@code -output.txt} files (every IT's stdout and stderr, the
 * in-process exporter's log included), and every {@code *.log} / {@code *.out} file (the test
 * cluster's broker and worker logs, Prometheus, Alertmanager, the exporter jar's log). Kafka's data
 * directories ({@code broker-data}) are topic contents, not logs, and are left out.
 */
public final class SecretsInLogs {

  /** One secret found in one file. */
  public record Hit(Path file, String secretName, int line) {
    @Override
    public String toString() {
      return file + ":" + line + " holds " + secretName;
    }
  }

  private SecretsInLogs() {}

  /** The strings searched for, by a name that can be printed (the secret itself never is). */
  public static List<String[]> needles() {
    List<String[]> needles = new ArrayList<>();
    for (String secret : TestSecrets.all()) {
      needles.add(new String[] {name(secret), secret});
    }
    for (String[] pair : TestSecrets.userPasswordPairs()) {
      String header =
          Base64.getEncoder()
              .encodeToString((pair[0] + ":" + pair[1]).getBytes(StandardCharsets.UTF_8));
      needles.add(
          new String[] {"basic auth header of " + pair[0] + " with " + name(pair[1]), header});
    }
    return needles;
  }

  private static String name(String secret) {
    int i = TestSecrets.all().indexOf(secret);
    return "TestSecrets.all()[" + i + "]";
  }

  /** The log files under {@code roots} last modified at or after {@code since}. */
  public static List<Path> logFiles(List<Path> roots, FileTime since) {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !p.toString().contains("/broker-data/"))
            .filter(SecretsInLogs::isLog)
            .filter(p -> modifiedSince(p, since))
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  private static boolean isLog(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".log")
        || name.endsWith(".out")
        || name.endsWith("-output.txt")
        || name.startsWith("TEST-") && name.endsWith(".xml")
        || p.getParent().getFileName().toString().startsWith("failsafe-reports")
            && name.endsWith(".txt");
  }

  private static boolean modifiedSince(Path p, FileTime since) {
    try {
      return Files.getLastModifiedTime(p).compareTo(since) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Every secret found in the files (read as bytes, so binary or odd encodings hide nothing). */
  public static List<Hit> scan(List<Path> files) {
    List<Hit> hits = new ArrayList<>();
    List<String[]> needles = needles();
    for (Path file : files) {
      String text;
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        continue; // deleted while we looked: a log of a finished process
      }
      for (String[] needle : needles) {
        int at = text.indexOf(needle[1]);
        if (at >= 0) {
          hits.add(
              new Hit(
                  file,
                  needle[0],
                  1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count()));
        }
      }
    }
    return hits;
  }
}
