package dev.opsmcp.messaging.session;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.signal.Settleable;
import dev.opsmcp.common.signal.SettleableTable;
import dev.opsmcp.common.signal.Settlements;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Requests an agent puts to the humans in a session (questions, approvals): each is stored with its
 * entry in the session and its notification in one transaction, and the human's reply is posted in
 * the session when it settles. The kind writes only its own insert and settle update.
 */
public abstract class SessionRequests<T extends Settleable> extends Settlements<T> {
  /** What every kind of request is built with, shared by the server's kinds. */
  public record Wiring(
      Database db,
      Conversations conversations,
      Signals signals,
      Events events,
      MessagingSettings settings,
      Clock clock) {}

  /** Told of each new request (human notification), inside the transaction that stores it. */
  @FunctionalInterface
  public interface Created<T> {
    void created(Handle h, T request);
  }

  /** The kind's insert of the pending row, created at {@code now}. */
  @FunctionalInterface
  protected interface Insert {
    void insert(Handle h, OffsetDateTime now);
  }

  private final Wiring wiring;
  private final Function<T, String> sessionOf;
  private final Created<T> onCreated;

  /** {@code sessionOf} reads the session a request was asked in (null when none). */
  protected SessionRequests(
      Wiring wiring,
      Noun noun,
      SettleableTable<T> table,
      UnaryOperator<String> signalKey,
      Function<T, String> sessionOf,
      Created<T> onCreated) {
    super(
        wiring.db(),
        wiring.signals(),
        wiring.clock(),
        wiring.settings().progressInterval(),
        noun,
        table,
        signalKey);
    this.wiring = wiring;
    this.sessionOf = sessionOf;
    this.onCreated = onCreated;
  }

  protected final Conversations conversations() {
    return wiring.conversations();
  }

  protected final MessagingSettings settings() {
    return wiring.settings();
  }

  /**
   * Stores request {@code id} with {@code insert}, posts {@code text} as the agent's entry of
   * {@code kind} in the session, and tells the humans: together or not at all.
   */
  protected final T create(
      String tenant, String sessionId, String id, String kind, String text, Insert insert) {
    OffsetDateTime now = now();
    return wiring
        .db()
        .jdbi()
        .inTransaction(
            h -> {
              insert.insert(h, now);
              wiring.conversations().post(h, tenant, sessionId, "agent", kind, text, id, null);
              T request = row(h, tenant, id);
              onCreated.created(h, request);
              h.afterCommit(() -> wiring.events().publish(tenant, kind, sessionId, id));
              return request;
            });
  }

  /**
   * Settles request {@code id} with {@code update} and posts the human's {@code text} as an entry
   * of {@code kind} signed by {@code author} in the session it was asked in (none when no session
   * asked, as for a remediation run's approval).
   */
  protected final T settleInSession(
      String tenant, String id, Update update, String kind, String text, String author)
      throws ToolFailure {
    T settled =
        settle(
            tenant,
            id,
            update,
            (h, before, after) -> {
              String sessionId = sessionOf.apply(before);
              if (sessionId != null) {
                wiring.conversations().post(h, tenant, sessionId, "user", kind, text, id, author);
              }
            });
    String sessionId = sessionOf.apply(settled);
    if (sessionId != null) {
      wiring.events().publish(tenant, kind, sessionId, id);
    }
    return settled;
  }
}
