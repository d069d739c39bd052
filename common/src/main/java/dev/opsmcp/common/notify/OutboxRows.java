package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The SQL of delivering the outbox. A claim leases due rows by moving their {@code next_attempt_at}
 * to the lease's end; that exact value is the lease, so every later write about a claimed row
 * checks that it is still there, i.e. that no other replica has claimed the row since.
 */
final class OutboxRows {
  /**
   * A claimed row: where to post what, how many attempts it had, its channel (for pacing) and the
   * channel's signing secret (null for unsigned).
   */
  record Due(
      long id,
      String url,
      String payload,
      int attempts,
      String kind,
      String channel,
      String secret) {}

  /** Rows claimed together under one lease. */
  record Claim(OffsetDateTime leaseEnd, List<Due> rows) {}

  private final Database db;

  OutboxRows(Database db) {
    this.db = db;
  }

  static OffsetDateTime now() {
    // whole milliseconds: the lease is compared for equality, and both databases keep these exact
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  /** Takes up to {@code max} due rows whose destination is not in {@code full}. */
  Claim claim(int max, List<String> full, Duration lease) {
    OffsetDateTime now = now();
    OffsetDateTime leaseEnd = now.plus(lease);
    List<Due> due =
        db.jdbi()
            .inTransaction(
                h -> {
                  List<Due> rows =
                      h.createQuery(
                              """
                              SELECT id, url, payload, attempts, kind, channel_id, secret
                              FROM notification_outbox
                              WHERE status = 'pending' AND next_attempt_at <= :now
                                AND NOT (url = ANY(:full))
                              ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED
                              """)
                          .bind("now", now)
                          .bindArray("full", String.class, full)
                          .bind("max", max)
                          .map(
                              (rs, c) ->
                                  new Due(
                                      rs.getLong(1),
                                      rs.getString(2),
                                      rs.getString(3),
                                      rs.getInt(4),
                                      rs.getString(5),
                                      rs.getString(6),
                                      rs.getString(7)))
                          .list();
                  if (!rows.isEmpty()) {
                    h.createUpdate(
                            "UPDATE notification_outbox SET next_attempt_at = :lease"
                                + " WHERE id = ANY(:ids)")
                        .bind("lease", leaseEnd)
                        .bindArray("ids", Long.class, rows.stream().map(Due::id).toList())
                        .execute();
                  }
                  return rows;
                });
    return new Claim(leaseEnd, due);
  }

  /** Hands a claimed row back untried (no attempt counted), to be claimed again at {@code at}. */
  void release(Claim claim, long id, OffsetDateTime at) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE notification_outbox SET next_attempt_at = :now
                        WHERE id = :id AND status = 'pending' AND next_attempt_at = :lease
                        """)
                    .bind("now", at)
                    .bind("id", id)
                    .bind("lease", claim.leaseEnd())
                    .execute());
  }

  /** Records an attempt; false when the lease was lost and the row was left as it is. */
  boolean finish(
      Claim claim, long id, String status, int attempts, String error, OffsetDateTime next) {
    OffsetDateTime now = now();
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            """
                            UPDATE notification_outbox
                            SET status = :status, attempts = :attempts, last_error = :error,
                                next_attempt_at = :next, sent_at = :sent
                            WHERE id = :id AND status = 'pending' AND next_attempt_at = :lease
                            """)
                        .bind("status", status)
                        .bind("attempts", attempts)
                        .bind("error", error)
                        .bind("next", next == null ? now : next)
                        .bind("sent", "sent".equals(status) ? now : null)
                        .bind("id", id)
                        .bind("lease", claim.leaseEnd())
                        .execute())
        == 1;
  }
}
