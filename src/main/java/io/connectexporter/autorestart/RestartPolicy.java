package io.connectexporter.autorestart;

import io.connectexporter.config.AutoRestartSettings;
import io.connectexporter.model.ConnectorView;
import io.connectexporter.model.RestSnapshot;
import io.connectexporter.model.TaskView;
import io.connectexporter.state.StateHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what auto-restart does after a poll of one cluster, and remembers each failure episode
 * (restarts made, when the next may be, given up). Pure: no I/O and no clock of its own, so every
 * rule is tested without Connect. One per cluster, used by one thread at a time.
 *
 * <p>Rules: a connector or task FAILED for at least {@code min-failed-time} (as the exporter first
 * saw it) is due once the backoff after its last restart has passed; after {@code max-restarts}
 * restarts in one episode, a part still FAILED once the last backoff has passed is given up.
 * RUNNING for {@code reset-after} ends the episode (and a give-up). PAUSED and STOPPED connectors,
 * their tasks, and connectors not covered by include/exclude are never touched. A part Connect no
 * longer lists is forgotten.
 */
public final class RestartPolicy {

  /**
   * What to do with one connector's due parts: restart (or pretend to, in dry run), or skip for a
   * rebalance.
   */
  public enum Mode {
    RESTART,
    DRY_RUN,
    SKIP_REBALANCE
  }

  /** The connector's parts that are due: itself (when FAILED) and/or FAILED tasks. */
  public record Action(String connector, boolean connectorPart, List<Integer> tasks, Mode mode) {

    public Action {
      tasks = List.copyOf(tasks);
    }

    public List<Part> parts() {
      List<Part> parts = new ArrayList<>();
      if (connectorPart) {
        parts.add(Part.connector(connector));
      }
      tasks.forEach(t -> parts.add(new Part(connector, t)));
      return parts;
    }
  }

  /**
   * What to do after a poll: the actions, and the parts given up on in this round (to be logged
   * once).
   */
  public record Decision(List<Action> actions, List<Part> gaveUpNow) {}

  /**
   * Where a part is in its episode after an outcome: its attempt n of max, and the wait before the
   * next.
   */
  public record Attempt(int number, int max, Duration nextBackoff) {}

  private static final class Episode {
    int attempts;
    long nextAtMillis;
    boolean gaveUp;
  }

  private final AutoRestartSettings settings;
  private final Map<Part, Episode> episodes = new HashMap<>();

  public RestartPolicy(AutoRestartSettings settings) {
    this.settings = settings;
  }

  /**
   * @param rest the poll's REST answer (null when REST did not answer: nothing is decided)
   * @param history the states as of that poll
   * @param rebalancing a worker reported rebalancing in that poll
   */
  public Decision decide(
      RestSnapshot rest, StateHistory history, boolean rebalancing, long nowMillis) {
    if (rest == null) {
      return new Decision(List.of(), List.of());
    }
    Set<Part> listed = new HashSet<>();
    List<Action> actions = new ArrayList<>();
    List<Part> gaveUpNow = new ArrayList<>();
    Mode mode = rebalancing ? Mode.SKIP_REBALANCE : settings.dryRun() ? Mode.DRY_RUN : Mode.RESTART;
    for (ConnectorView c : rest.connectors()) {
      Part self = Part.connector(c.name());
      listed.add(self);
      c.tasks().forEach(t -> listed.add(new Part(c.name(), t.id())));
      if (!settings.covers(c.name()) || "PAUSED".equals(c.state()) || "STOPPED".equals(c.state())) {
        continue;
      }
      boolean connectorDue =
          due(self, c.state(), history.connector(c.name()), nowMillis, gaveUpNow);
      List<Integer> dueTasks = new ArrayList<>();
      for (TaskView t : c.tasks()) {
        Part task = new Part(c.name(), t.id());
        if (due(task, t.state(), history.task(c.name(), t.id()), nowMillis, gaveUpNow)) {
          dueTasks.add(t.id());
        }
      }
      if (connectorDue || !dueTasks.isEmpty()) {
        actions.add(new Action(c.name(), connectorDue, dueTasks, mode));
      }
    }
    episodes.keySet().retainAll(listed);
    return new Decision(actions, gaveUpNow);
  }

  private boolean due(
      Part part, String state, StateHistory.Since since, long now, List<Part> gaveUpNow) {
    long inStateMillis =
        since == null || !since.state().equals(state) ? 0 : now - since.sinceMillis();
    Episode episode = episodes.get(part);
    if ("RUNNING".equals(state)) {
      if (episode != null && inStateMillis >= settings.resetAfter().toMillis()) {
        episodes.remove(part);
      }
      return false;
    }
    if (!"FAILED".equals(state) || inStateMillis < settings.minFailedTime().toMillis()) {
      return false;
    }
    if (episode == null) {
      episode = new Episode();
      episodes.put(part, episode);
    }
    if (episode.gaveUp || now < episode.nextAtMillis) {
      return false;
    }
    if (episode.attempts >= settings.maxRestarts()) {
      episode.gaveUp = true;
      gaveUpNow.add(part);
      return false;
    }
    return true;
  }

  /** Folds the outcome of an action on a part into its episode and says where the episode is. */
  public Attempt record(Part part, Outcome outcome, long nowMillis) {
    Episode episode = episodes.computeIfAbsent(part, p -> new Episode());
    if (outcome.isAttempt()) {
      episode.attempts++;
      episode.nextAtMillis = nowMillis + settings.backoffAfter(episode.attempts).toMillis();
    }
    return new Attempt(
        episode.attempts, settings.maxRestarts(), settings.backoffAfter(episode.attempts));
  }

  /** The parts given up on, sorted. */
  public Set<Part> givenUp() {
    Set<Part> out =
        new TreeSet<>(
            (a, b) ->
                a.connector().equals(b.connector())
                    ? Integer.compare(a.task(), b.task())
                    : a.connector().compareTo(b.connector()));
    episodes.forEach(
        (part, e) -> {
          if (e.gaveUp) {
            out.add(part);
          }
        });
    return out;
  }
}
