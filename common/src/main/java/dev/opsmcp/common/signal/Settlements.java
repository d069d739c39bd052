package dev.opsmcp.common.signal;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * The one lifecycle of a request a human settles (questions, approvals): pending → settled once by
 * a conditional update that only matches a pending, unexpired row → or expired, which is applied
 * when the row is read. A second settlement is a {@code conflict} that carries the first outcome; a
 * settlement after expiry is {@code expired}. Settling wakes the waiters (any replica). A kind of
 * request extends it with its own insert and settle ({@code Questions.ask}/{@code answer});
 * finding, waiting and listing what is pending are written here once. Thread-safe.
 */
public class Settlements<T extends Settleable> {
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

  /**
   * What the messages call the request: {@code kind} ("question"), its settled word ("answered"),
   * and where a caller finds its id ("the question_id that ask_question returned").
   */
  public record Noun(String kind, String settled, String idSource) {}

  private final Database db;
  private final Signals signals;
  private final Clock clock;
  private final Waiting waiting;
  private final Noun noun;
  private final SettleableTable<T> table;
  private final UnaryOperator<String> signalKey;

  public Settlements(
      Database db,
      Signals signals,
      Clock clock,
      Duration progressInterval,
      Noun noun,
      SettleableTable<T> table,
      UnaryOperator<String> signalKey) {
    this.db = db;
    this.signals = signals;
    this.clock = clock;
    this.waiting = new Waiting(signals, progressInterval);
    this.noun = noun;
    this.table = table;
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
      db.jdbi().useHandle(h -> table.expireIfDue(h, tenant, id, now));
      row = read(tenant, id);
    }
    return row;
  }

  /** The row as stored, read on {@code h} (inside the transaction that has just inserted it). */
  protected T row(Handle h, String tenant, String id) {
    return table.find(h, tenant, id).orElseThrow();
  }

  private T read(String tenant, String id) throws ToolFailure {
    Optional<T> row =
        StoredText.storable(id)
            ? db.jdbi().withHandle(h -> table.find(h, tenant, id))
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
   * Pending requests of the tenant not yet expired, oldest first, after the keyset ({@code
   * afterAt}, {@code afterId}); the first page starts after the epoch and the empty id.
   */
  public List<T> pending(String tenant, OffsetDateTime afterAt, String afterId, int limit) {
    return db.jdbi().withHandle(h -> table.pending(h, tenant, now(), afterAt, afterId, limit));
  }

  /** How many requests of the tenant are pending and not yet expired. */
  public long countPending(String tenant) {
    return db.jdbi().withHandle(h -> table.countPending(h, tenant, now()));
  }

  /**
   * Settles the request once: {@code update} and {@code then} in one transaction, then wakes the
   * waiters. Refused as {@code expired} after expiry, and as a {@code conflict} carrying the first
   * outcome (under the kind's name) when already settled.
   */
  protected T settle(String tenant, String id, Update update, Then<T> then) throws ToolFailure {
    // One transaction reads the row as it was, settles it and writes what goes with it: no read
    // and commit of its own before (expiry needs no write first: the update matches no due row).
    Optional<T> settled =
        StoredText.storable(id)
            ? db.jdbi()
                .inTransaction(
                    h -> {
                      Optional<T> before = table.find(h, tenant, id);
                      if (before.isEmpty() || update.apply(h, now()) == 0) {
                        return Optional.<T>empty();
                      }
                      T after = row(h, tenant, id);
                      then.settled(h, before.get(), after);
                      return Optional.of(after);
                    })
            : Optional.empty();
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

  /**
   * Waits up to {@code wait} for the outcome, telling the caller how long it has waited while it is
   * pending; returns the request as it then stands. Ends at once when the caller's grant ends.
   */
  public T await(ToolContext ctx, String id, Duration wait) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    String waitingFor = "waiting for " + noun.kind() + " " + id + " to be " + noun.settled();
    return waiting.until(
        ctx.grant(),
        signalKey.apply(id),
        wait,
        () -> find(tenant, id),
        t -> !t.pending(),
        t -> !t.expiresAt().isAfter(now()), // an expiry is applied when read, never signalled
        (sofar, total) -> ctx.progress(sofar.toSeconds(), (double) total.toSeconds(), waitingFor));
  }
}
