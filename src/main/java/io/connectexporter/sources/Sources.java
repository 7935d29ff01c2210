package io.connectexporter.sources;

import io.connectexporter.config.ClusterConfig;
import io.connectexporter.config.ExporterConfig;
import io.connectexporter.config.InvalidConfigException;
import io.connectexporter.metrics.ExporterMetrics;
import io.connectexporter.metrics.MetricSpec;
import io.connectexporter.sources.health.WorkerHealthSource;
import io.connectexporter.sources.jolokia.ConnectMBeanSource;
import io.connectexporter.sources.mirror.MirrorSource;
import io.connectexporter.sources.rest.RestSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every source, registered once by name. Adding a source is its package and one line here; a
 * cluster turns sources on with {@code sources = [...]} (reference.conf lists the default).
 */
public final class Sources {

  private static final Map<String, Source<?>> BY_NAME = new LinkedHashMap<>();

  static {
    register(new RestSource());
    register(new ConnectMBeanSource());
    register(new WorkerHealthSource());
    register(new MirrorSource());
  }

  private Sources() {}

  private static void register(Source<?> source) {
    BY_NAME.put(source.name(), source);
  }

  /** The names a cluster's {@code sources} may list, in registration order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The sources a cluster enabled, in registration order. */
  public static List<Source<?>> enabled(ClusterConfig cluster) {
    List<Source<?>> enabled = new ArrayList<>();
    BY_NAME.forEach(
        (name, source) -> {
          if (cluster.sources().contains(name)) {
            enabled.add(source);
          }
        });
    return enabled;
  }

  /** Fails with every unknown source name of every cluster. */
  public static void check(ExporterConfig config) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.clusters().size(); i++) {
      for (String name : config.clusters().get(i).sources()) {
        if (!BY_NAME.containsKey(name)) {
          problems.add(
              "exporter.clusters["
                  + i
                  + "].sources: unknown source \""
                  + name
                  + "\"; known: "
                  + String.join(", ", names()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /**
   * The whole metric contract: every source's slice, then the exporter's own metrics; each family
   * once.
   */
  public static List<MetricSpec> contract() {
    Map<String, MetricSpec> byName = new LinkedHashMap<>();
    BY_NAME.values().forEach(s -> s.metrics().forEach(m -> byName.putIfAbsent(m.name(), m)));
    ExporterMetrics.ALL.forEach(m -> byName.putIfAbsent(m.name(), m));
    return List.copyOf(byName.values());
  }
}
