package io.connectexporter.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration as HOCON text with every secret replaced by {@value #REDACTED}: the
 * values of keys named {@code password} or {@code *-password} (the {@code -file} twins are paths
 * and stay) and every basic auth hash.
 */
final class RedactedConfig {

  static final String REDACTED = "<redacted>";

  private RedactedConfig() {}

  static String render(String root, Config config) {
    Object redacted = redact(config.root().unwrapped(), false);
    return ConfigValueFactory.fromAnyRef(Map.of(root, redacted))
        .render(
            ConfigRenderOptions.defaults()
                .setOriginComments(false)
                .setComments(false)
                .setJson(false)
                .setFormatted(true));
  }

  private static Object redact(Object value, boolean secret) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(
                  (String) k, redact(v, secret || "users".equals(k) || isSecretKey((String) k))));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(redact(v, secret)));
      return out;
    }
    if (secret && value instanceof String s && !s.isEmpty()) {
      return REDACTED;
    }
    return value;
  }

  private static boolean isSecretKey(String key) {
    return key.equals("password") || key.endsWith("-password");
  }
}
