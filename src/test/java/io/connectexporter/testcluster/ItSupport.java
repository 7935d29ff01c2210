package io.connectexporter.testcluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/** Helpers shared by the integration tests: unique names, created-connector cleanup, polling. */
public class ItSupport {

  protected static final Duration TIMEOUT = Duration.ofSeconds(90);

  protected final List<String> created = new ArrayList<>();

  protected static ConnectCluster cluster() {
    return ConnectCluster.shared();
  }

  protected static ConnectorAdmin admin() {
    return cluster().admin();
  }

  /** A connector (or topic) name unique on the shared cluster. */
  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /** Creates a connector and remembers it for {@link #deleteCreated()}. */
  protected void create(String name, java.util.Map<String, String> config) {
    created.add(name);
    admin().create(name, config);
  }

  /** Call from @AfterEach: deletes every connector this test created and waits until gone. */
  protected void deleteCreated() {
    ConnectorAdmin admin = admin();
    for (String name : created) {
      admin.deleteQuietly(name);
    }
    for (String name : created) {
      admin.awaitDeleted(name);
    }
    created.clear();
  }

  protected static ConnectWorker workerById(String workerId) {
    return cluster().workers().stream()
        .filter(w -> w.workerId().equals(workerId))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no worker with id " + workerId + " in " + cluster().workers()));
  }

  /** Polls until the supplier returns true. */
  protected static void eventually(String what, Duration timeout, Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plus(timeout);
    Throwable last = null;
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
        last = null;
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        AssertionError error =
            new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      ConnectorAdmin.sleep(250);
    }
  }
}
