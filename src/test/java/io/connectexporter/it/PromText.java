package io.connectexporter.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small parser of the Prometheus text format, enough for tests to read /metrics as a user would.
 */
public final class PromText {

  /** One sample: metric name, labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String name) {
      return labels.get(name);
    }
  }

  private final List<Sample> samples;
  private final String text;

  private PromText(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  public static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int end = line.lastIndexOf('}');
        parseLabels(line.substring(brace + 1, end), labels);
      } else {
        name = line.substring(0, space);
      }
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
    }
    return new PromText(text, samples);
  }

  private static void parseLabels(String s, Map<String, String> labels) {
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // skip ="
      while (s.charAt(j) != '"') {
        if (s.charAt(j) == '\\') {
          j++;
          char c = s.charAt(j);
          value.append(c == 'n' ? '\n' : c);
        } else {
          value.append(s.charAt(j));
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      }
    }
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Samples of a metric whose labels include all the given name/value pairs. */
  public List<Sample> find(String metric, String... labelPairs) {
    Predicate<Sample> match =
        s -> {
          if (!s.name().equals(metric)) {
            return false;
          }
          for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
              return false;
            }
          }
          return true;
        };
    return samples.stream().filter(match).toList();
  }

  /** The single value of a series; fails if there is not exactly one. */
  public double value(String metric, String... labelPairs) {
    List<Sample> found = find(metric, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one series " + metric + " " + List.of(labelPairs) + ", found " + found);
    }
    return found.get(0).value();
  }

  public double sum(String metric, String... labelPairs) {
    return find(metric, labelPairs).stream().mapToDouble(Sample::value).sum();
  }
}
