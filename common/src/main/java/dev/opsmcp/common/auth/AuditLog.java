package dev.opsmcp.common.auth;

import dev.opsmcp.common.db.Database;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit table: every state-changing call and every auth failure (those aggregated per source
 * address, see the server's AuthFailures), written before the caller is answered. Targets are cut
 * to {@value #TARGET_CHARS} characters and details to 2,000. A write that fails is logged, never
 * thrown: the action it records has happened, and turning it into a failure would hide a done
 * action (and what it handed over) from the caller. Concurrent calls share commits (group commit):
 * each call queues its row and waits until it is written; at most {@value #WRITERS} writers at a
 * time each write every row queued so far in one transaction, so under load many rows share one
 * commit instead of a commit each. Thread-safe.
 */
public final class AuditLog {
  /** One audited event. {@code tenant} and {@code actor} are null for unauthenticated requests. */
  public record Event(
      String tenant,
      String actor,
      String action,
      String target,
      String outcome,
      String detail,
      String remoteAddr) {}

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final int TARGET_CHARS = 200;
  private static final int WRITERS = 4;
  private static final int MAX_BATCH = 500;

  private static final String INSERT =
      """
      INSERT INTO audit_event
        (at, tenant_id, actor, server, action, target, outcome, detail, remote_addr)
      VALUES (:at, :tenant, :actor, :server, :action, :target, :outcome, :detail, :addr)
      """;

  /** A row waiting to be written; {@code written} completes with whether it was. */
  private record Queued(Event event, OffsetDateTime at, CompletableFuture<Boolean> written) {}

  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore writers = new Semaphore(WRITERS);

  private final Database db;
  private final String server;

  public AuditLog(Database db, String server) {
    this.db = db;
    this.server = server;
  }

  /** Writes {@code e}; returns false (and logs the event) when the database refused it. */
  public boolean record(Event e) {
    Queued mine =
        new Queued(e, OffsetDateTime.now(ZoneOffset.UTC), new CompletableFuture<Boolean>());
    queue.add(mine);
    while (!mine.written().isDone()) {
      writers.acquireUninterruptibly();
      List<Queued> batch = new ArrayList<>();
      try {
        if (mine.written().isDone()) {
          break;
        }
        for (Queued q; batch.size() < MAX_BATCH && (q = queue.poll()) != null; ) {
          batch.add(q);
        }
        if (!batch.isEmpty()) {
          write(batch);
        }
      } finally {
        writers.release();
      }
      if (batch.isEmpty()) {
        break; // another writer holds this row: wait for its commit
      }
    }
    return mine.written().join();
  }

  /**
   * The batch in one transaction; if that fails, each row alone, so one bad row costs only itself.
   */
  private void write(List<Queued> batch) {
    try {
      if (batch.size() == 1) {
        db.jdbi().useHandle(h -> bind(h.createUpdate(INSERT), batch.get(0)).execute());
      } else {
        db.jdbi()
            .useTransaction(
                h -> {
                  PreparedBatch insert = h.prepareBatch(INSERT);
                  for (Queued q : batch) {
                    bind(insert, q).add();
                  }
                  insert.execute();
                });
      }
      batch.forEach(q -> q.written().complete(true));
      return;
    } catch (RuntimeException failure) {
      if (batch.size() == 1) {
        failed(batch.get(0), failure);
        return;
      }
    }
    for (Queued q : batch) {
      try {
        db.jdbi().useHandle(h -> bind(h.createUpdate(INSERT), q).execute());
        q.written().complete(true);
      } catch (RuntimeException failure) {
        failed(q, failure);
      }
    }
  }

  private void failed(Queued q, RuntimeException failure) {
    Event e = q.event();
    // The message of a JDBC failure carries the statement and its bound values: keep it out.
    LOG.error(
        "audit write failed ({}); not recorded: server={} tenant={} actor={} action={} target={}"
            + " outcome={}",
        cause(failure),
        server,
        e.tenant(),
        e.actor(),
        e.action(),
        e.target(),
        e.outcome());
    q.written().complete(false);
  }

  private static String cause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return sql.getClass().getSimpleName() + " SQLState " + sql.getSQLState();
      }
    }
    return t.getClass().getSimpleName();
  }

  private <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(S statement, Queued q) {
    Event e = q.event();
    return statement
        .bind("at", q.at())
        .bind("tenant", e.tenant())
        .bind("actor", e.actor())
        .bind("server", server)
        .bind("action", e.action())
        .bind("target", e.target() == null ? null : truncate(e.target(), TARGET_CHARS))
        .bind("outcome", e.outcome())
        .bind("detail", e.detail() == null ? null : truncate(e.detail(), 2000))
        .bind("addr", e.remoteAddr());
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…[truncated]";
  }
}
