package io.connectexporter.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time, RSS and heap-after-GC of another JVM process, read from /proc and jcmd (Linux). */
public final class ProcessStats {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcessStats() {}

  /** User + system CPU seconds the process has used so far. */
  public static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /**
   * CPU seconds (user + system) of each of the process's live threads, summed by thread name with
   * digits dropped ({@code "GC Thread#0"} and {@code "GC Thread#1"} both count as {@code "GC
   * Thread#"}). Linux keeps the first 15 characters of a name. Threads that ended are not in it:
   * compare two samples of long-lived pools only.
   */
  public static Map<String, Double> threadCpuSecondsByName(long pid) throws IOException {
    Map<String, Double> out = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String name =
            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        out.merge(
            name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND, Double::sum);
      }
    }
    return out;
  }

  /** Resident set size in MiB. */
  public static double rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Forces a full GC in the process, then returns the heap in use, in MiB. */
  public static double heapAfterGcMiB(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
  }

  private static final Pattern FULL_GC =
      Pattern.compile("Pause Full \\((?:System\\.gc\\(\\)|Diagnostic Command)\\) (\\d+)M->(\\d+)M");

  /**
   * Forces a full GC ({@code jcmd <pid> GC.run}) in a JVM started with {@code
   * -Xlog:gc:file=<gcLog>} and returns the heap in use right after it, as that GC logged it ("Pause
   * Full (Diagnostic Command) 250M->187M"): nothing allocated after the collection counts. Falls
   * back to {@code GC.heap_info} if the log has no new line.
   */
  public static double forcedFullGcMiB(long pid, Path gcLog) throws Exception {
    int before = fullGcs(gcLog).size();
    jcmd(pid, "GC.run");
    List<Double> after = fullGcs(gcLog);
    if (after.size() > before) {
      return after.get(after.size() - 1);
    }
    return heapAfterGcMiB(pid);
  }

  private static List<Double> fullGcs(Path gcLog) throws IOException {
    List<Double> out = new java.util.ArrayList<>();
    if (Files.exists(gcLog)) {
      Matcher m = FULL_GC.matcher(Files.readString(gcLog));
      while (m.find()) {
        out.add(Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid),
                    command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
