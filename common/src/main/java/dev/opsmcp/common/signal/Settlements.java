package dev.opsmcp.common.signal;

import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * The one lifecycle of a request a human settles (questions, approvals): pending → settled once by
 * a conditional update that only matches a pending, unexpired row → or expired, which is applied
 * when the row is read. A second settlement is a {@code conflict} that carries the first outcome; a
 * settlement after expiry is {@code expired}. Settling wakes the waiters (any replica).
 * Thread-safe.
 */
public final class Settlements<T extends Settleable> {
  /** How to read and expire one kind of row. */
  public interface Rows<T> {
    Optional<T> find(Handle h, String tenant, String id);

    /** Marks the row expired if it is pending and due; returns the rows changed. */
    int expireIfDue(Handle h, String tenant, String id, OffsetDateTime now);

    /**
     * The rows of SQL object {@code store}, read with its {@code find} and expired with its {@code
     * expireIfDue}: {@code Rows.of(QuestionStore.class, QuestionStore::find,
     * QuestionStore::expireIfDue)}.
     */
    static <S, T> Rows<T> of(Class<S> store, Find<S, T> find, Expire<S> expire) {
      return new Rows<>() {
        @Override
        public Optional<T> find(Handle h, String tenant, String id) {
          return find.find(h.attach(store), tenant, id);
        }

        @Override
        public int expireIfDue(Handle h, String tenant, String id, OffsetDateTime now) {
          return expire.expireIfDue(h.attach(store), tenant, id, now);
        }
      };
    }
  }

  /** A store's read of one row by tenant and id. */
  @FunctionalInterface
  public interface Find<S, T> {
    Optional<T> find(S store, String tenant, String id);
  }

  /** A store's expiry of one row, if pending and due. */
  @FunctionalInterface
  public interface Expire<S> {
    int expireIfDue(S store, String tenant, String id, OffsetDateTime now);
  }

  /** The conditional update: matches only a pending row whose expiry is after {@code now}. */
  @FunctionalInterface
  public interface Update {
    int apply(Handle h, OffsetDateTime now);
  }

  /** What else the settlement writes, in its transaction (a timeline entry, say). */
  @FunctionalInterface
  public interface Then<T> {
    void settled(Handle h, T before, T after);
  }

  private final Database db;
  private final Signals signals;
  private final Clock clock;
  private final Waiting waiting;
  private final Noun noun;
  private final Rows<T> rows;
  private final UnaryOperator<String> signalKey;

  /**
   * What the messages call the request: {@code kind} ("question"), its settled word ("answered"),
   * and where a caller finds its id ("the question_id that ask_question returned").
   */
  public record Noun(String kind, String settled, String idSource) {}

  public Settlements(
      Database db,
      Signals signals,
      Clock clock,
      Duration progressInterval,
      Noun noun,
      Rows<T> rows,
      UnaryOperator<String> signalKey) {
    this.db = db;
    this.signals = signals;
    this.clock = clock;
    this.waiting = new Waiting(signals, progressInterval);
    this.noun = noun;
    this.rows = rows;
    this.signalKey = signalKey;
  }

  public OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  /**
   * The request as it stands, with expiry applied; {@code not_found} for an id not the tenant's.
   */
  public T find(String tenant, String id) throws ToolFailure {
    T row = read(tenant, id);
    OffsetDateTime now = now();
    if (row.pending() && !row.expiresAt().isAfter(now)) { // write only when expiry is due
      db.jdbi().useHandle(h -> rows.expireIfDue(h, tenant, id, now));
      row = read(tenant, id);
    }
    return row;
  }

  private T read(String tenant, String id) throws ToolFailure {
    Optional<T> row =
        StoredText.storable(id)
            ? db.jdbi().withHandle(h -> rows.find(h, tenant, id))
            : Optional.empty();
    return row.orElseThrow(
        () ->
            new ToolFailure(
                ToolFailure.Kind.NOT_FOUND,
                "no "
                    + noun.kind()
                    + " "
                    + Echo.shortened(id)
                    + " in your tenant; use "
                    + noun.idSource()));
  }

  /**
   * Settles the request once: {@code update} and {@code then} in one transaction, then wakes the
   * waiters. Refused as {@code expired} after expiry, and as a {@code conflict} carrying the first
   * outcome (under the kind's name) when already settled.
   */
  public T settle(String tenant, String id, Update update, Then<T> then) throws ToolFailure {
    T before = find(tenant, id);
    Optional<T> settled =
        db.jdbi()
            .inTransaction(
                h -> {
                  if (update.apply(h, now()) == 0) {
                    return Optional.<T>empty();
                  }
                  T after = rows.find(h, tenant, id).orElseThrow();
                  then.settled(h, before, after);
                  return Optional.of(after);
                });
    if (settled.isEmpty()) {
      T first = find(tenant, id);
      if ("expired".equals(first.status())) {
        throw new ToolFailure(
            ToolFailure.Kind.EXPIRED,
            noun.kind()
                + " "
                + id
                + " expired before it was "
                + noun.settled()
                + "; the agent must ask again");
      }
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          noun.kind() + " " + id + " was already " + noun.settled() + " (" + first.status() + ")",
          Map.of(noun.kind(), first));
    }
    signals.signal(signalKey.apply(id));
    return settled.get();
  }

  /** Waits up to {@code wait} for the outcome; returns the request as it then stands. */
  public T await(Grant grant, String id, Duration wait, Waiting.Tick tick) throws ToolFailure {
    String tenant = grant.caller().tenant();
    return waiting.until(
        grant, signalKey.apply(id), wait, () -> find(tenant, id), t -> !t.pending(), tick);
  }
}
