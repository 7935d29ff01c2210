package io.connectexporter.testcluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM, always started through {@code ParentWatchdog} with its stdin a pipe held by this
 * JVM, so it dies with us. Output (stdout and stderr) is appended to {@link #logFile()}.
 */
public final class ChildJvm {

  static final String WATCHDOG_MAIN = "io.connectexporter.testcluster.watchdog.ParentWatchdog";

  private final String name;
  private final List<String> classpath;
  private final List<String> jvmArgs;
  private final String mainClass;
  private final List<String> args;
  private final Path logFile;
  private volatile Process process;

  public ChildJvm(
      String name,
      List<String> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path logFile) {
    this.name = name;
    this.classpath = List.copyOf(classpath);
    this.jvmArgs = List.copyOf(jvmArgs);
    this.mainClass = mainClass;
    this.args = List.copyOf(args);
    this.logFile = logFile;
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, classpath));
    cmd.add(WATCHDOG_MAIN);
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "=== "
              + java.time.Instant.now()
              + " starting "
              + name
              + ": "
              + String.join(" ", cmd)
              + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Exit code of the last run, or null while running / never started. */
  public Integer exitCode() {
    Process p = process;
    return p == null || p.isAlive() ? null : p.exitValue();
  }

  /** Waits for the process to end by itself (e.g. a one-shot tool). */
  public int awaitExit(Duration timeout) {
    Process p = process;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new IllegalStateException(
            name + " did not finish within " + timeout + "\n" + tail(40));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, wait up to {@code timeout}, then SIGKILL. */
  public void stop(Duration timeout) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(
            "[test-cluster] "
                + name
                + " (pid "
                + p.pid()
                + ") ignored SIGTERM for "
                + timeout
                + ", sending SIGKILL");
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL and wait. */
  public void kill() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the child's stdin: its watchdog then exits it, as if this JVM had died. */
  public void closeStdin() throws IOException {
    Process p = process;
    if (p != null) {
      OutputStream out = p.getOutputStream();
      out.close();
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public String tail(int lines) {
    return tail(logFile, lines);
  }

  static String tail(Path file, int lines) {
    if (!Files.exists(file)) {
      return "(no log file " + file + ")";
    }
    Deque<String> last = new ArrayDeque<>();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        last.addLast(line);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
    return "--- last " + last.size() + " lines of " + file + " ---\n" + String.join("\n", last);
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + pid() + ")" : " (not running)");
  }
}
