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

/**
 * Typed reads of config values that record a problem (naming the full key) instead of throwing, so
 * that one start-up message can list every bad key. Secrets never go into a problem.
 */
final class ConfigReads {

  final List<String> problems = new ArrayList<>();

  ConfigObject object(Config c, String key, String path) {
    try {
      return c.getObject(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  /** Whether {@code key} holds a non-empty string (a path-like key that is "set"). */
  boolean isSet(Config c, String key) {
    return c.hasPath(key) && c.getValue(key).valueType() == ConfigValueType.STRING && !c.getString(key).isEmpty();
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
      problems.add(path + "." + key + " and " + key.substring(key.lastIndexOf('.') + 1)
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
      problems.add(path + "." + key + "-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
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
    try {
      return c.getString(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  List<String> stringList(Config c, String key, String path) {
    try {
      return c.getStringList(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  List<? extends ConfigObject> objectList(Config c, String key, String path) {
    try {
      return c.getObjectList(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  int integer(Config c, String key, String path, int min, int max) {
    try {
      int v = c.getInt(key);
      if (v < min || v > max) {
        problems.add(path + "." + key + ": " + v + " is out of range " + min + ".." + max);
      }
      return v;
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return 0;
    }
  }

  long bytes(Config c, String key, String path, long min) {
    try {
      long v = c.getMemorySize(key).toBytes();
      if (v < min) {
        problems.add(path + "." + key + ": " + v + " bytes is less than the minimum " + min);
      }
      return v;
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e) + " (sizes look like 512KiB, 64MiB)");
      return 0;
    }
  }

  boolean bool(Config c, String key, String path) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return false;
    }
  }

  Duration duration(Config c, String key, String path) {
    try {
      Duration d = c.getDuration(key);
      if (d.isNegative() || d.isZero()) {
        problems.add(path + "." + key + ": must be positive, got " + d);
        return null;
      }
      return d;
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e) + " (durations look like 500ms, 15s, 1m)");
      return null;
    }
  }

  /** Typesafe's message without its own path prefix (we name the full path ourselves). */
  static String reason(ConfigException e) {
    String m = e.getMessage();
    int colon = m.lastIndexOf(": ");
    return colon >= 0 ? m.substring(colon + 2) : m;
  }
}
