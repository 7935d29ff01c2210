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

  private final ConfigReads reads = new ConfigReads();

  private ConfigLoader() {}

  /** Loads the file (may be null: reference defaults, environment and -D overrides only). */
  public static ExporterConfig load(Path file) {
    return fromConfig(parse(file));
  }

  /**
   * The effective configuration (reference defaults, the file, environment and -D overrides) as
   * HOCON text with every secret shown as {@code <redacted>}: for {@code --check-config}.
   */
  public static String describeRedacted(Path file) {
    return RedactedConfig.render(ROOT, merge(parse(file)).getConfig(ROOT));
  }

  private static Config parse(Path file) {
    if (file == null) {
      return ConfigFactory.empty();
    }
    if (!Files.isReadable(file)) {
      throw new InvalidConfigException(
          List.of("--config " + file + ": file not found or not readable"));
    }
    try {
      return ConfigFactory.parseFile(file.toFile());
    } catch (ConfigException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
  }

  private static Config merge(Config user) {
    try {
      return ConfigFactory.systemProperties()
          .withFallback(ConfigFactory.systemEnvironmentOverrides())
          .withFallback(user)
          .withFallback(ConfigFactory.defaultReference())
          .resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
  }

  /** Validates a parsed user config against reference.conf (used by {@link #load} and tests). */
  public static ExporterConfig fromConfig(Config user) {
    Config reference = ConfigFactory.defaultReference();
    Config merged = merge(user);
    ConfigLoader loader = new ConfigLoader();
    ExporterConfig config = loader.read(merged, reference);
    if (!loader.reads.problems.isEmpty()) {
      throw new InvalidConfigException(loader.reads.problems);
    }
    return config;
  }

  private ExporterConfig read(Config all, Config reference) {
    Config c = all.getConfig(ROOT);
    Config ref = reference.getConfig(ROOT);
    unknownKeys(ROOT, c.root(), ref.root(), Set.of("clusters"));
    String host = reads.string(c, "listen.host", ROOT);
    int port = reads.integer(c, "listen.port", ROOT, 0, 65535);
    ListenSecurity listenSecurity =
        new ListenSecurityReader(reads).read(c.getConfig("listen"), ROOT + ".listen");
    Duration interval = reads.duration(c, "poll.interval", ROOT);
    Duration deadline = reads.duration(c, "poll.deadline", ROOT);
    if (interval != null && deadline != null && deadline.compareTo(interval) > 0) {
      reads.problems.add(
          ROOT
              + ".poll.deadline: "
              + deadline
              + " is longer than poll.interval "
              + interval
              + " (poll cycles would overlap)");
    }
    int concurrency = reads.integer(c, "poll.concurrency", ROOT, 1, 1024);
    boolean rates = reads.bool(c, "metrics.include-rates", ROOT);
    int missedPolls = reads.integer(c, "health.unhealthy-after-missed-polls", ROOT, 2, 1000);

    List<ClusterConfig> clusters = new ArrayList<>();
    Config defaults = c.getConfig("cluster-defaults");
    List<? extends ConfigObject> entries = reads.objectList(c, "clusters", ROOT);
    if (entries != null && entries.isEmpty()) {
      reads.problems.add(
          ROOT + ".clusters: no cluster configured; add at least one { name, rest.urls }");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; entries != null && i < entries.size(); i++) {
      String path = ROOT + ".clusters[" + i + "]";
      unknownKeys(path, entries.get(i), ref.getConfig("cluster-defaults").root(), Set.of());
      ClusterConfig cluster = cluster(entries.get(i).toConfig().withFallback(defaults), path);
      if (cluster != null && !names.add(cluster.name())) {
        reads.problems.add(
            path
                + ".name: \""
                + cluster.name()
                + "\" is used by another cluster; names must be unique");
      }
      clusters.add(cluster);
    }
    return new ExporterConfig(
        host, port, listenSecurity, interval, deadline, concurrency, rates, missedPolls, clusters);
  }

  private ClusterConfig cluster(Config c, String path) {
    String name = reads.string(c, "name", path);
    if (name != null && !CLUSTER_NAME.matcher(name).matches()) {
      reads.problems.add(
          path
              + ".name: required; letters, digits and _.:- only (it becomes the \"cluster\" label)");
    }
    List<String> sources = reads.stringList(c, "sources", path);
    if (sources != null && sources.isEmpty()) {
      reads.problems.add(path + ".sources: list at least one source, e.g. [rest, jolokia]");
    }
    if (sources != null && new HashSet<>(sources).size() != sources.size()) {
      reads.problems.add(path + ".sources: " + sources + " names a source twice");
    }
    List<URI> restUrls = new ArrayList<>();
    List<String> urls = reads.stringList(c, "rest.urls", path);
    if (urls != null && urls.isEmpty()) {
      reads.problems.add(
          path
              + ".rest.urls: required; list at least one worker's REST URL, e.g. [\"http://connect:8083\"]");
    }
    for (int i = 0; urls != null && i < urls.size(); i++) {
      URI uri = httpUri(urls.get(i), path + ".rest.urls[" + i + "]");
      if (uri != null) {
        restUrls.add(uri);
      }
    }
    String template = reads.string(c, "jolokia.url-template", path);
    if (template != null && !template.isBlank()) {
      if (!template.contains("{host}")) {
        reads.problems.add(
            path + ".jolokia.url-template: \"" + template + "\" must contain {host}");
      } else {
        httpUri(
            template.replace("{host}", "h").replace("{port}", "1"), path + ".jolokia.url-template");
      }
    }
    List<StaticEndpoint> endpoints = new ArrayList<>();
    List<? extends ConfigObject> listed = reads.objectList(c, "jolokia.endpoints", path);
    for (int i = 0; listed != null && i < listed.size(); i++) {
      String at = path + ".jolokia.endpoints[" + i + "]";
      Config e = listed.get(i).toConfig();
      unknownKeys(
          at,
          listed.get(i),
          ConfigFactory.parseMap(Map.of("worker", "", "url", "")).root(),
          Set.of());
      String worker = e.hasPath("worker") ? reads.string(e, "worker", at) : null;
      String url = e.hasPath("url") ? reads.string(e, "url", at) : null;
      if (worker == null || worker.isBlank()) {
        reads.problems.add(
            at
                + ".worker: required: the worker id as REST reports it (host:port of its REST listener)");
      }
      if (url == null || url.isBlank()) {
        reads.problems.add(
            at + ".url: required: the Jolokia agent URL, e.g. http://host:8778/jolokia");
      }
      URI uri = url == null ? null : httpUri(url, at + ".url");
      if (uri != null && worker != null) {
        endpoints.add(new StaticEndpoint(worker, uri));
      }
    }
    HttpSettings rest = http(c.getConfig("rest"), path + ".rest");
    HttpSettings jolokia = http(c.getConfig("jolokia"), path + ".jolokia");
    int maxSeries = reads.integer(c, "max-series", path, 100, Integer.MAX_VALUE);
    MetricsSettings metrics = metrics(c, path);
    AutoRestartSettings autoRestart =
        new AutoRestartReader(reads).read(c.getConfig("auto-restart"), path + ".auto-restart");
    return new ClusterConfig(
        name,
        sources == null ? List.of() : sources,
        restUrls,
        rest,
        template == null || template.isBlank() ? null : template,
        endpoints,
        jolokia,
        maxSeries,
        metrics,
        autoRestart);
  }

  private MetricsSettings metrics(Config c, String path) {
    String name = reads.string(c, "metrics.profile", path);
    MetricsSettings.Profile profile = MetricsSettings.Profile.DEFAULT;
    try {
      profile =
          MetricsSettings.Profile.valueOf(String.valueOf(name).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      reads.problems.add(
          path
              + ".metrics.profile: \""
              + name
              + "\" is not a profile; use minimal, default or full");
    }
    return new MetricsSettings(
        profile,
        patterns(c, "metrics.include-families", path),
        patterns(c, "metrics.exclude-families", path),
        reads.bool(c, "metrics.partition-lag", path));
  }

  private List<java.util.regex.Pattern> patterns(Config c, String key, String path) {
    List<java.util.regex.Pattern> patterns = new ArrayList<>();
    List<String> texts = reads.stringList(c, key, path);
    for (int i = 0; texts != null && i < texts.size(); i++) {
      try {
        patterns.add(java.util.regex.Pattern.compile(texts.get(i)));
      } catch (java.util.regex.PatternSyntaxException e) {
        reads.problems.add(
            path + "." + key + "[" + i + "]: not a regular expression: " + e.getDescription());
      }
    }
    return patterns;
  }

  private HttpSettings http(Config c, String path) {
    Duration connect = reads.duration(c, "connect-timeout", path);
    Duration request = reads.duration(c, "request-timeout", path);
    boolean keepAlive = reads.bool(c, "keep-alive", path);
    String user = reads.string(c, "auth.username", path);
    String password = reads.secret(c, "auth.password", path);
    BasicAuth auth =
        user == null || user.isEmpty()
            ? null
            : new BasicAuth(user, password == null ? "" : password);
    TlsSettings tls = tls(c.getConfig("tls"), path + ".tls");
    long maxResponse = reads.bytes(c, "max-response-size", path, 1024);
    return new HttpSettings(connect, request, auth, tls, keepAlive, maxResponse);
  }

  private TlsSettings tls(Config c, String path) {
    Path trust = reads.file(c, "trust-store", path);
    Path key = reads.file(c, "key-store", path);
    boolean verify = reads.bool(c, "verify-hostname", path);
    String keyStorePassword = reads.secret(c, "key-store-password", path);
    String keyPassword = reads.secret(c, "key-password", path);
    if (trust == null && key == null && verify) {
      return null;
    }
    return new TlsSettings(
        trust,
        reads.secret(c, "trust-store-password", path),
        reads.string(c, "trust-store-type", path),
        key,
        keyStorePassword,
        keyPassword == null || keyPassword.isEmpty() ? keyStorePassword : keyPassword,
        reads.string(c, "key-store-type", path),
        verify);
  }

  private URI httpUri(String value, String at) {
    try {
      URI uri = URI.create(value.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        reads.problems.add(
            at + ": \"" + value + "\" is not an http:// or https:// URL with a host");
        return null;
      }
      if (uri.getUserInfo() != null) {
        reads.problems.add(
            at
                + ": credentials in the URL are not allowed (they would show in labels); use auth.username");
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      reads.problems.add(at + ": \"" + value + "\" is not a valid URL (" + e.getMessage() + ")");
      return null;
    }
  }

  /** Flags keys that the reference does not define (typos would otherwise be silently ignored). */
  private void unknownKeys(
      String path, ConfigObject actual, ConfigObject reference, Set<String> skip) {
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String key = e.getKey();
      if (skip.contains(key)) {
        continue;
      }
      ConfigValue ref = reference.get(key);
      if (ref == null) {
        reads.problems.add(
            path
                + "."
                + key
                + ": unknown key (known here: "
                + new TreeSet<>(reference.keySet())
                + ")");
      } else if (ref.valueType() == ConfigValueType.OBJECT
          && e.getValue().valueType() == ConfigValueType.OBJECT
          && !((ConfigObject) ref)
              .isEmpty()) { // an empty object in the reference is a map of free keys
        unknownKeys(path + "." + key, (ConfigObject) e.getValue(), (ConfigObject) ref, Set.of());
      }
    }
  }
}
