package io.connectexporter.model;

import java.util.regex.Pattern;

/**
 * Takes exception class names out of a Connect stack trace: the first line's class and the last
 * {@code Caused by:} class. Messages are never kept: they can hold hosts, queries or credentials.
 */
public final class ExceptionClasses {

  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
  public static final String UNKNOWN = "unknown";

  private ExceptionClasses() {}

  /** The exception class on the trace's first line, or "unknown". */
  public static String top(String trace) {
    if (trace == null || trace.isBlank()) {
      return UNKNOWN;
    }
    int end = trace.indexOf('\n');
    return classOf(end < 0 ? trace : trace.substring(0, end));
  }

  /** The class of the last {@code Caused by:} line, or the top class when there is none. */
  public static String rootCause(String trace) {
    if (trace == null) {
      return UNKNOWN;
    }
    int at = trace.lastIndexOf("Caused by: ");
    if (at < 0) {
      return top(trace);
    }
    int start = at + "Caused by: ".length();
    int end = trace.indexOf('\n', start);
    return classOf(end < 0 ? trace.substring(start) : trace.substring(start, end));
  }

  private static String classOf(String line) {
    String head = line.strip();
    int colon = head.indexOf(':');
    if (colon >= 0) {
      head = head.substring(0, colon);
    }
    head = head.strip();
    return CLASS_NAME.matcher(head).matches() ? head : UNKNOWN;
  }
}
