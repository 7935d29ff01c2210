package io.connectexporter.sources;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A Jolokia access policy file ({@code <restrict>}) judged the way the Jolokia 2.x agent judges it
 * (its {@code PolicyRestrictor}: {@code RequestTypeChecker} and {@code MBeanAccessChecker}):
 *
 * <ul>
 *   <li>a command listed under {@code <commands>} is allowed on every MBean except where a {@code
 *       <deny>} entry names the attribute or operation;
 *   <li>any other command (read, write, exec) is allowed only where an {@code <allow>} (or its
 *       synonym {@code <mbeans>}) entry grants it: the entry whose name is exactly the MBean's, or
 *       else an entry whose ObjectName pattern applies to the MBean ({@link ObjectName#apply});
 *   <li>an {@code <attribute>} grants read, and write too unless it says {@code mode="read"}; an
 *       {@code <operation>} grants exec; in both, {@code *} matches any characters.
 * </ul>
 *
 * <p>Jolokia checks a pattern read MBean by MBean, after expanding the pattern: so a read of a
 * pattern is allowed here when it is allowed on every MBean the pattern can match ({@link
 * #allowsReadOfEvery}). Where Jolokia's answer would depend on the undefined order in which it
 * tries overlapping patterns, this judge takes the answer that refuses.
 */
final class JolokiaPolicy {

  record Entry(ObjectName name, Set<String> read, Set<String> write, Set<String> operations) {

    Set<String> values(String type) {
      return switch (type) {
        case "read" -> read;
        case "write" -> write;
        case "exec" -> operations;
        default -> throw new IllegalArgumentException("not an MBean command: " + type);
      };
    }
  }

  private final Set<String> commands;
  private final List<Entry> allow;
  private final List<Entry> deny;

  private JolokiaPolicy(Set<String> commands, List<Entry> allow, List<Entry> deny) {
    this.commands = commands;
    this.allow = allow;
    this.deny = deny;
  }

  static JolokiaPolicy read(Path file) throws Exception {
    return parse(Files.readString(file));
  }

  static JolokiaPolicy parse(String xml) throws Exception {
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Set<String> commands = new HashSet<>();
    NodeList listed = doc.getElementsByTagName("command");
    for (int i = 0; i < listed.getLength(); i++) {
      commands.add(listed.item(i).getTextContent().trim());
    }
    List<Entry> allow = new ArrayList<>();
    entries(doc, "allow", allow);
    entries(doc, "mbeans", allow);
    List<Entry> deny = new ArrayList<>();
    entries(doc, "deny", deny);
    return new JolokiaPolicy(commands, allow, deny);
  }

  private static void entries(Document doc, String section, List<Entry> out)
      throws MalformedObjectNameException {
    NodeList sections = doc.getElementsByTagName(section);
    for (int s = 0; s < sections.getLength(); s++) {
      for (Element mbean : children(sections.item(s), "mbean")) {
        String name = null;
        Set<String> read = new HashSet<>();
        Set<String> write = new HashSet<>();
        Set<String> operations = new HashSet<>();
        for (Element e : children(mbean, null)) {
          String text = e.getTextContent().trim();
          switch (e.getTagName()) {
            case "name" -> name = text;
            case "attribute" -> {
              read.add(text);
              if (!e.getAttribute("mode").equalsIgnoreCase("read")) {
                write.add(text);
              }
            }
            case "operation" -> operations.add(text);
            default ->
                throw new IllegalArgumentException("Jolokia refuses <" + e.getTagName() + ">");
          }
        }
        if (name == null) {
          throw new IllegalArgumentException("Jolokia refuses an <mbean> without <name>");
        }
        out.add(new Entry(new ObjectName(name), read, write, operations));
      }
    }
  }

  private static List<Element> children(Node parent, String tag) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
        out.add(e);
      }
    }
    return out;
  }

  /** Jolokia's decision for one MBean (not a pattern) and one attribute or operation. */
  boolean allows(String type, ObjectName mbean, String attributeOrOperation) {
    if (mbean.isPattern()) {
      throw new IllegalArgumentException("Jolokia checks expanded names, not " + mbean);
    }
    if (commands.contains(type)) {
      return deny.stream()
          .filter(e -> e.name().isPattern() ? e.name().apply(mbean) : e.name().equals(mbean))
          .noneMatch(e -> grants(e.values(type), attributeOrOperation));
    }
    for (Entry e : allow) {
      if (!e.name().isPattern() && e.name().equals(mbean)) {
        return grants(e.values(type), attributeOrOperation);
      }
    }
    List<Entry> applying = allow.stream().filter(e -> e.name().apply(mbean)).toList();
    return !applying.isEmpty()
        && applying.stream().allMatch(e -> grants(e.values(type), attributeOrOperation));
  }

  /** Whether reading {@code attribute} is allowed on every MBean {@code pattern} can match. */
  boolean allowsReadOfEvery(ObjectName pattern, String attribute) {
    if (!pattern.isPattern()) {
      return allows("read", pattern, attribute);
    }
    if (commands.contains("read")) {
      return deny.stream()
          .filter(e -> mayOverlap(e.name(), pattern))
          .noneMatch(e -> grants(e.read(), attribute));
    }
    List<Entry> overlapping = allow.stream().filter(e -> mayOverlap(e.name(), pattern)).toList();
    return overlapping.stream().anyMatch(e -> e.name().isPattern() && covers(e.name(), pattern))
        && overlapping.stream().allMatch(e -> grants(e.read(), attribute));
  }

  /** Whether {@code type} (write, exec) is refused on every MBean, whatever it names. */
  boolean refusesEverywhere(String type) {
    return !commands.contains(type) && allow.stream().allMatch(e -> e.values(type).isEmpty());
  }

  private static boolean grants(Set<String> values, String value) {
    for (String v : values) {
      if (v.equals(value) || v.contains("*") && glob(v).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every name {@code request} matches also matches {@code allowed} (both ObjectName
   * patterns). Sufficient, not necessary: a wildcard in the request must meet {@code *} or the same
   * prefix followed by {@code *} in the policy.
   */
  static boolean covers(ObjectName allowed, ObjectName request) {
    if (!covers(allowed.getDomain(), request.getDomain())) {
      return false;
    }
    Map<String, String> a = allowed.getKeyPropertyList();
    Map<String, String> r = request.getKeyPropertyList();
    if (!allowed.isPropertyListPattern()
        && (request.isPropertyListPattern() || !a.keySet().equals(r.keySet()))) {
      return false; // the request can match names with other keys than the policy's exact set
    }
    for (Map.Entry<String, String> key : a.entrySet()) {
      String requested = r.get(key.getKey());
      if (requested == null || !covers(key.getValue(), requested)) {
        return false;
      }
    }
    return true;
  }

  private static boolean covers(String allowedValue, String requestedValue) {
    boolean requestIsPattern = requestedValue.contains("*") || requestedValue.contains("?");
    if (!requestIsPattern) {
      return allowedValue.equals(requestedValue)
          || (allowedValue.contains("*") || allowedValue.contains("?"))
              && globWithQuestionMark(allowedValue).matcher(requestedValue).matches();
    }
    if (allowedValue.equals(requestedValue)) {
      return true;
    }
    int star = allowedValue.indexOf('*');
    return star == allowedValue.length() - 1
        && !allowedValue.contains("?")
        && requestedValue.startsWith(allowedValue.substring(0, star));
  }

  /**
   * Whether some name could match both: the domains are compatible and no key both give a plain
   * value has different values. Over-approximates, so that a judge relying on it refuses.
   */
  private static boolean mayOverlap(ObjectName policy, ObjectName request) {
    boolean domains =
        policy.isDomainPattern()
            || request.isDomainPattern()
            || policy.getDomain().equals(request.getDomain());
    if (!domains) {
      return false;
    }
    for (Map.Entry<String, String> key : policy.getKeyPropertyList().entrySet()) {
      String other = request.getKeyPropertyList().get(key.getKey());
      if (other != null
          && !policy.isPropertyValuePattern(key.getKey())
          && !request.isPropertyValuePattern(key.getKey())
          && !other.equals(key.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Jolokia's attribute and operation wildcard: {@code *} for any characters, nothing else. */
  private static Pattern glob(String value) {
    return Pattern.compile(value.replace("*", ".*"));
  }

  /** ObjectName's wildcards in a domain or key value: {@code *} and {@code ?}. */
  private static Pattern globWithQuestionMark(String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : value.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
