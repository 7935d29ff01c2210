package io.connectexporter.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads and validates the configuration. Every problem found (unknown key, wrong type, missing or
 * bad value) is collected, and start-up stops with one message naming each key.
 */
public final class ConfigLoader {

  private static final String ROOT = "exporter";
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

  private final List<String> problems = new ArrayList<>();

  private ConfigLoader() {
  }

  /** Loads the file (may be null: reference defaults, environment and -D overrides only). */
  public static ExporterConfig load(Path file) {
    Config user = ConfigFactory.empty();
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw new InvalidConfigException(List.of("--config " + file + ": file not found or not readable"));
      }
      try {
        user = ConfigFactory.parseFile(file.toFile());
      } catch (ConfigException e) {
        throw new InvalidConfigException(List.of(e.getMessage()));
      }
    }
    return fromConfig(user);
  }

  /** Validates a parsed user config against reference.conf (used by {@link #load} and tests). */
  public static ExporterConfig fromConfig(Config user) {
    Config reference = ConfigFactory.defaultReference();
    Config merged;
    try {
      merged = ConfigFactory.systemProperties()
          .withFallback(ConfigFactory.systemEnvironmentOverrides())
          .withFallback(user)
          .withFallback(reference)
          .resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    ConfigLoader loader = new ConfigLoader();
    ExporterConfig config = loader.read(merged, reference);
    if (!loader.problems.isEmpty()) {
      throw new InvalidConfigException(loader.problems);
    }
    return config;
  }

  private ExporterConfig read(Config all, Config reference) {
    Config c = all.getConfig(ROOT);
    Config ref = reference.getConfig(ROOT);
    unknownKeys(ROOT, c.root(), ref.root(), Set.of("clusters"));
    String host = string(c, "listen.host", ROOT);
    int port = integer(c, "listen.port", ROOT, 0, 65535);
    Duration interval = duration(c, "poll.interval", ROOT);
    Duration deadline = duration(c, "poll.deadline", ROOT);
    if (interval != null && deadline != null && deadline.compareTo(interval) > 0) {
      problems.add(ROOT + ".poll.deadline: " + deadline + " is longer than poll.interval " + interval
          + " (poll cycles would overlap)");
    }
    int concurrency = integer(c, "poll.concurrency", ROOT, 1, 1024);
    boolean rates = bool(c, "metrics.include-rates", ROOT);
    int missedPolls = integer(c, "health.unhealthy-after-missed-polls", ROOT, 2, 1000);

    List<ClusterConfig> clusters = new ArrayList<>();
    Config defaults = c.getConfig("cluster-defaults");
    List<? extends ConfigObject> entries = objectList(c, "clusters", ROOT);
    if (entries != null && entries.isEmpty()) {
      problems.add(ROOT + ".clusters: no cluster configured; add at least one { name, rest.urls }");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; entries != null && i < entries.size(); i++) {
      String path = ROOT + ".clusters[" + i + "]";
      unknownKeys(path, entries.get(i), ref.getConfig("cluster-defaults").root(), Set.of());
      ClusterConfig cluster = cluster(entries.get(i).toConfig().withFallback(defaults), path);
      if (cluster != null && !names.add(cluster.name())) {
        problems.add(path + ".name: \"" + cluster.name() + "\" is used by another cluster; names must be unique");
      }
      clusters.add(cluster);
    }
    return new ExporterConfig(host, port, interval, deadline, concurrency, rates, missedPolls, clusters);
  }

  private ClusterConfig cluster(Config c, String path) {
    String name = string(c, "name", path);
    if (name != null && !CLUSTER_NAME.matcher(name).matches()) {
      problems.add(path + ".name: required; letters, digits and _.:- only (it becomes the \"cluster\" label)");
    }
    List<URI> restUrls = new ArrayList<>();
    List<String> urls = stringList(c, "rest.urls", path);
    if (urls != null && urls.isEmpty()) {
      problems.add(path + ".rest.urls: required; list at least one worker's REST URL, e.g. [\"http://connect:8083\"]");
    }
    for (int i = 0; urls != null && i < urls.size(); i++) {
      URI uri = httpUri(urls.get(i), path + ".rest.urls[" + i + "]");
      if (uri != null) {
        restUrls.add(uri);
      }
    }
    String template = string(c, "jolokia.url-template", path);
    if (template != null && !template.isBlank()) {
      if (!template.contains("{host}")) {
        problems.add(path + ".jolokia.url-template: \"" + template + "\" must contain {host}");
      } else {
        httpUri(template.replace("{host}", "h").replace("{port}", "1"), path + ".jolokia.url-template");
      }
    }
    List<StaticEndpoint> endpoints = new ArrayList<>();
    List<? extends ConfigObject> listed = objectList(c, "jolokia.endpoints", path);
    for (int i = 0; listed != null && i < listed.size(); i++) {
      String at = path + ".jolokia.endpoints[" + i + "]";
      Config e = listed.get(i).toConfig();
      unknownKeys(at, listed.get(i), ConfigFactory.parseMap(Map.of("worker", "", "url", "")).root(), Set.of());
      String worker = e.hasPath("worker") ? string(e, "worker", at) : null;
      String url = e.hasPath("url") ? string(e, "url", at) : null;
      if (worker == null || worker.isBlank()) {
        problems.add(at + ".worker: required: the worker id as REST reports it (host:port of its REST listener)");
      }
      if (url == null || url.isBlank()) {
        problems.add(at + ".url: required: the Jolokia agent URL, e.g. http://host:8778/jolokia");
      }
      URI uri = url == null ? null : httpUri(url, at + ".url");
      if (uri != null && worker != null) {
        endpoints.add(new StaticEndpoint(worker, uri));
      }
    }
    HttpSettings rest = http(c.getConfig("rest"), path + ".rest");
    HttpSettings jolokia = http(c.getConfig("jolokia"), path + ".jolokia");
    int maxSeries = integer(c, "max-series", path, 100, Integer.MAX_VALUE);
    return new ClusterConfig(name, restUrls, rest, template == null || template.isBlank() ? null : template,
        endpoints, jolokia, maxSeries);
  }

  private HttpSettings http(Config c, String path) {
    Duration connect = duration(c, "connect-timeout", path);
    Duration request = duration(c, "request-timeout", path);
    boolean keepAlive = bool(c, "keep-alive", path);
    String user = string(c, "auth.username", path);
    String password = string(c, "auth.password", path);
    BasicAuth auth = user == null || user.isEmpty() ? null : new BasicAuth(user, password == null ? "" : password);
    TlsSettings tls = tls(c.getConfig("tls"), path + ".tls");
    long maxResponse = bytes(c, "max-response-size", path, 1024);
    return new HttpSettings(connect, request, auth, tls, keepAlive, maxResponse);
  }

  private TlsSettings tls(Config c, String path) {
    Path trust = file(c, "trust-store", path);
    Path key = file(c, "key-store", path);
    boolean verify = bool(c, "verify-hostname", path);
    String keyStorePassword = string(c, "key-store-password", path);
    String keyPassword = string(c, "key-password", path);
    if (trust == null && key == null && verify) {
      return null;
    }
    return new TlsSettings(trust, string(c, "trust-store-password", path), string(c, "trust-store-type", path), key,
        keyStorePassword, keyPassword == null || keyPassword.isEmpty() ? keyStorePassword : keyPassword,
        string(c, "key-store-type", path), verify);
  }

  // ---------------------------------------------------------------- typed reads that record problems

  private Path file(Config c, String key, String path) {
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

  private URI httpUri(String value, String at) {
    try {
      URI uri = URI.create(value.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        problems.add(at + ": \"" + value + "\" is not an http:// or https:// URL with a host");
        return null;
      }
      if (uri.getUserInfo() != null) {
        problems.add(at + ": credentials in the URL are not allowed (they would show in labels); use auth.username");
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(at + ": \"" + value + "\" is not a valid URL (" + e.getMessage() + ")");
      return null;
    }
  }

  private String string(Config c, String key, String path) {
    try {
      return c.getString(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  private List<String> stringList(Config c, String key, String path) {
    try {
      return c.getStringList(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  private List<? extends ConfigObject> objectList(Config c, String key, String path) {
    try {
      return c.getObjectList(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return null;
    }
  }

  private int integer(Config c, String key, String path, int min, int max) {
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

  private long bytes(Config c, String key, String path, long min) {
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

  private boolean bool(Config c, String key, String path) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      problems.add(path + "." + key + ": " + reason(e));
      return false;
    }
  }

  private Duration duration(Config c, String key, String path) {
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
  private static String reason(ConfigException e) {
    String m = e.getMessage();
    int colon = m.lastIndexOf(": ");
    return colon >= 0 ? m.substring(colon + 2) : m;
  }

  /** Flags keys that the reference does not define (typos would otherwise be silently ignored). */
  private void unknownKeys(String path, ConfigObject actual, ConfigObject reference, Set<String> skip) {
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String key = e.getKey();
      if (skip.contains(key)) {
        continue;
      }
      ConfigValue ref = reference.get(key);
      if (ref == null) {
        problems.add(path + "." + key + ": unknown key (known here: " + new TreeSet<>(reference.keySet()) + ")");
      } else if (ref.valueType() == ConfigValueType.OBJECT && e.getValue().valueType() == ConfigValueType.OBJECT) {
        unknownKeys(path + "." + key, (ConfigObject) e.getValue(), (ConfigObject) ref, Set.of());
      }
    }
  }
}
