package io.connectexporter.http;

/**
 * The one escaping function of the status page. Everything that comes from Connect (connector
 * names, worker ids, exception classes, URLs) goes through it: Connect accepts {@code <} and {@code
 * >} in connector names, so a name can be markup.
 */
final class Html {

  private Html() {}

  /** Text safe inside an element and inside a double- or single-quoted attribute; null is "". */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
