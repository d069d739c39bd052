package dev.opsmcp.common.auth;

import dev.opsmcp.common.db.Database;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit table: every state-changing call and every auth failure (those aggregated per source
 * address, see the server's AuthFailures), written before the caller is answered. Targets are cut
 * to {@value #TARGET_CHARS} characters and details to 2,000. A write that fails is logged, never
 * thrown: the action it records has happened, and turning it into a failure would hide a done
 * action (and what it handed over) from the caller. Thread-safe.
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

  private final Database db;
  private final String server;

  public AuditLog(Database db, String server) {
    this.db = db;
    this.server = server;
  }

  /** Writes {@code e}; returns false (and logs the event) when the database refused it. */
  public boolean record(Event e) {
    try {
      insert(e);
      return true;
    } catch (RuntimeException failure) {
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
      return false;
    }
  }

  private static String cause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return sql.getClass().getSimpleName() + " SQLState " + sql.getSQLState();
      }
    }
    return t.getClass().getSimpleName();
  }

  private void insert(Event e) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO audit_event
                          (at, tenant_id, actor, server, action, target, outcome, detail, remote_addr)
                        VALUES (:at, :tenant, :actor, :server, :action, :target, :outcome, :detail, :addr)
                        """)
                    .bind("at", OffsetDateTime.now(ZoneOffset.UTC))
                    .bind("tenant", e.tenant())
                    .bind("actor", e.actor())
                    .bind("server", server)
                    .bind("action", e.action())
                    .bind("target", e.target() == null ? null : truncate(e.target(), TARGET_CHARS))
                    .bind("outcome", e.outcome())
                    .bind("detail", e.detail() == null ? null : truncate(e.detail(), 2000))
                    .bind("addr", e.remoteAddr())
                    .execute());
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…[truncated]";
  }
}
