package io.connectexporter.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: options with a value ({@code --config FILE} or {@code --config=FILE}),
 * flags ({@code --failed}) and positional arguments. {@code --} ends the options, so that a
 * connector named {@code --failed} can still be given.
 */
public final class Args {

  private final Map<String, String> values;
  private final Set<String> flags;
  private final List<String> positionals;

  private Args(Map<String, String> values, Set<String> flags, List<String> positionals) {
    this.values = values;
    this.flags = flags;
    this.positionals = positionals;
  }

  /**
   * @param valueOptions the options that take a value, e.g. {@code --config}
   * @param flagOptions the options that do not
   */
  public static Args parse(List<String> tokens, Set<String> valueOptions, Set<String> flagOptions)
      throws UsageException {
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new HashSet<>();
    List<String> positionals = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (optionsEnded || !token.startsWith("-") || token.equals("-")) {
        positionals.add(token);
        continue;
      }
      if (token.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = token.indexOf('=');
      String option = eq < 0 ? token : token.substring(0, eq);
      if (valueOptions.contains(option)) {
        String value;
        if (eq >= 0) {
          value = token.substring(eq + 1);
        } else if (i + 1 < tokens.size()) {
          value = tokens.get(++i);
        } else {
          throw new UsageException(option + " needs a value");
        }
        if (values.putIfAbsent(option, value) != null) {
          throw new UsageException(option + " given twice");
        }
      } else if (flagOptions.contains(option) && eq < 0) {
        flags.add(option);
      } else if (flagOptions.contains(option)) {
        throw new UsageException(option + " takes no value");
      } else {
        throw new UsageException("unknown option " + option);
      }
    }
    return new Args(values, flags, positionals);
  }

  /** The option's value, or null when it was not given. */
  public String value(String option) {
    return values.get(option);
  }

  public boolean flag(String flag) {
    return flags.contains(flag);
  }

  public List<String> positionals() {
    return List.copyOf(positionals);
  }
}
