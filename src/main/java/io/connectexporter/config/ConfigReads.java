package io.connectexporter.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Typed reads of config values that record a problem (naming the full key) instead of throwing, so
 * that one start-up message can list every bad key. Secrets never go into a problem.
 */
final class ConfigReads {

  final List<String> problems = new ArrayList<>();

  ConfigObject object(Config c, String key, String path) {
    return read(c, key, path, Config::getObject, null, "");
  }

  /** Whether {@code key} holds a non-empty string (a path-like key that is "set"). */
  boolean isSet(Config c, String key) {
    return c.hasPath(key)
        && c.getValue(key).valueType() == ConfigValueType.STRING
        && !c.getString(key).isEmpty();
  }

  /**
   * A secret: the value of {@code key}, or the content of the file named by {@code key-file}
   * (without its trailing line break). Never put into a problem message.
   */
  String secret(Config c, String key, String path) {
    String inline = string(c, key, path);
    String file = c.hasPath(key + "-file") ? string(c, key + "-file", path) : "";
    if (file == null || file.isEmpty()) {
      return inline;
    }
    if (inline != null && !inline.isEmpty()) {
      problems.add(
          path
              + "."
              + key
              + " and "
              + key.substring(key.lastIndexOf('.') + 1)
              + "-file are both set; set one of them");
      return null;
    }
    try {
      String value = Files.readString(Path.of(file)).replaceFirst("\\r?\\n$", "");
      if (value.isEmpty()) {
        problems.add(path + "." + key + "-file: " + file + " is empty");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      problems.add(
          path
              + "."
              + key
              + "-file: cannot read "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
      return null;
    }
  }

  Path file(Config c, String key, String path) {
    String value = string(c, key, path);
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path p = Path.of(value);
    if (!Files.isReadable(p)) {
      problems.add(path + "." + key + ": file " + value + " not found or not readable");
      return null;
    }
    return p;
  }

  String string(Config c, String key, String path) {
    return read(c, key, path, Config::getString, null, "");
  }

  List<String> stringList(Config c, String key, String path) {
    return read(c, key, path, Config::getStringList, null, "");
  }

  List<? extends ConfigObject> objectList(Config c, String key, String path) {
    return read(c, key, path, Config::getObjectList, null, "");
  }

  int integer(Config c, String key, String path, int min, int max) {
    Integer v = read(c, key, path, Config::getInt, null, "");
    if (v != null && (v < min || v > max)) {
      problems.add(path + "." + key + ": " + v + " is out of range " + min + ".." + max);
    }
    return v == null ? 0 : v;
  }

  long bytes(Config c, String key, String path, long min) {
    Long v =
        read(
            c,
            key,
            path,
            (cfg, k) -> cfg.getMemorySize(k).toBytes(),
            null,
            " (sizes look like 512KiB, 64MiB)");
    if (v != null && v < min) {
      problems.add(path + "." + key + ": " + v + " bytes is less than the minimum " + min);
    }
    return v == null ? 0 : v;
  }

  boolean bool(Config c, String key, String path) {
    return read(c, key, path, Config::getBoolean, false, "");
  }

  Duration duration(Config c, String key, String path) {
    Duration d =
        read(c, key, path, Config::getDuration, null, " (durations look like 500ms, 15s, 1m)");
    if (d != null && (d.isNegative() || d.isZero())) {
      problems.add(path + "." + key + ": must be positive, got " + d);
      return null;
    }
    return d;
  }

  /**
   * The value, or {@code fallback} with a problem naming the full key (and {@code hint}) recorded.
   */
  private <T> T read(
      Config c,
      String key,
      String path,
      BiFunction<Config, String, T> get,
      T fallback,
      String hint) {
    try {
      return get.apply(c, key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e) + hint);
      return fallback;
    }
  }

  /** Typesafe's message without its own path prefix (we name the full path ourselves). */
  static String reason(ConfigException e) {
    String m = e.getMessage();
    int colon = m.lastIndexOf(": ");
    return colon >= 0 ? m.substring(colon + 2) : m;
  }
}
