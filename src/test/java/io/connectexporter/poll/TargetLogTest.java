package io.connectexporter.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.connectexporter.scrape.ScrapeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A target that stays down is logged when it goes down, as a reminder every 5 minutes, and when it
 * is back.
 */
class TargetLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.connectexporter.targets");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final long[] now = {0};
  private final TargetLog log = new TargetLog("c", () -> now[0]);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private void poll(ScrapeException e) {
    now[0] += Duration.ofSeconds(15).toNanos();
    if (e == null) {
      log.succeeded("http://w1:8778/jolokia");
    } else {
      log.failed("http://w1:8778/jolokia", e);
    }
  }

  @Test
  void downOnceThenAReminderEveryFiveMinutesThenUpOnce() {
    ScrapeException refused =
        new ScrapeException(
            "refused", "http://w1:8778/jolokia failed (refused): Connection refused", null);
    poll(null);
    assertEquals(List.of(), messages(), "nothing to say while all is well");
    for (int i = 0; i < 41; i++) { // ten minutes down, a poll every 15 s
      poll(refused);
    }
    assertEquals(3, messages().size(), messages().toString());
    assertTrue(messages().get(0).contains("target down (refused)"), messages().get(0));
    assertTrue(
        messages().get(1).contains("still down (refused) for 300 s, 21 failed polls"),
        messages().get(1));
    assertTrue(
        messages().get(2).contains("still down (refused) for 600 s, 41 failed polls"),
        messages().get(2));
    assertNull(
        lines.list.get(0).getThrowableProxy(), "no stack trace for an expected network failure");
    poll(new ScrapeException("timeout", "http://w1:8778/jolokia did not answer", null));
    assertTrue(messages().get(3).contains("target down (timeout)"), "a new reason is said at once");
    poll(null);
    assertTrue(
        messages().get(4).contains("is up again after 630 s and 42 failed polls"),
        messages().get(4));
    poll(null);
    assertEquals(5, messages().size(), "up is said once");
  }
}
