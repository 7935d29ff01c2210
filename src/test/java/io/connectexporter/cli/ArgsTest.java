package io.connectexporter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

  private static final Set<String> VALUES = Set.of("--config", "--cluster", "--task", "-f");
  private static final Set<String> FLAGS = Set.of("--failed");

  private static Args parse(String... tokens) throws UsageException {
    return Args.parse(List.of(tokens), VALUES, FLAGS);
  }

  @Test
  void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() throws Exception {
    Args args = parse("--config", "a.conf", "--cluster=prod", "--failed", "-f", "c.json");
    assertEquals("a.conf", args.value("--config"));
    assertEquals("prod", args.value("--cluster"));
    assertEquals("c.json", args.value("-f"));
    assertTrue(args.flag("--failed"));
    assertNull(args.value("--task"));
    assertTrue(args.positionals().isEmpty());
  }

  @Test
  void aConnectorNameMayHoldSpacesAndFollowTheOptionsOrPrecedeThem() throws Exception {
    assertEquals(List.of("orders sink"), parse("orders sink", "--config", "a.conf").positionals());
    assertEquals(List.of("orders sink"), parse("--config", "a.conf", "orders sink").positionals());
  }

  @Test
  void doubleDashLetsANameStartWithADash() throws Exception {
    Args args = parse("--config", "a.conf", "--", "--failed");
    assertEquals(List.of("--failed"), args.positionals());
    assertFalse(args.flag("--failed"));
  }

  @Test
  void mistakesAreNamed() {
    assertEquals(
        "--config needs a value",
        assertThrows(UsageException.class, () -> parse("--config")).getMessage());
    assertEquals(
        "unknown option --clusters",
        assertThrows(UsageException.class, () -> parse("--clusters", "x")).getMessage());
    assertEquals(
        "--cluster given twice",
        assertThrows(UsageException.class, () -> parse("--cluster", "a", "--cluster", "b"))
            .getMessage());
    assertEquals(
        "--failed takes no value",
        assertThrows(UsageException.class, () -> parse("--failed=yes")).getMessage());
  }
}
