package io.connectexporter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void markupFromConnectBecomesText() {
    assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.escape("<script>alert(1)</script>"));
    assertEquals(
        "a &amp;lt; b", Html.escape("a &lt; b"), "an entity in a name stays visible as typed");
    assertEquals(
        "x&quot; onmouseover=&quot;y",
        Html.escape("x\" onmouseover=\"y"),
        "no way out of an attribute");
    assertEquals("it&#39;s", Html.escape("it's"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void plainTextIsReturnedAsIs() {
    String name = "orders-sink.v2 (prod) ünïcode";
    assertSame(name, Html.escape(name), "no copy when nothing needs escaping");
  }
}
