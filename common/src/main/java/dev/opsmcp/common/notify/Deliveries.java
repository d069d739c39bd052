package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads the state of queued notifications; a foreign tenant's reads as absent. Thread-safe. */
public final class Deliveries {
  private final Database db;

  public Deliveries(Database db) {
    this.db = db;
  }

  public Optional<Delivery> find(String tenant, long id) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT id, channel_id, kind, url, secret, status, attempts, last_error,
                               created_at, next_attempt_at, sent_at
                        FROM notification_outbox WHERE tenant_id = :t AND id = :id
                        """)
                    .bind("t", tenant)
                    .bind("id", id)
                    .map(
                        (rs, ctx) -> {
                          String url = rs.getString("url");
                          String status = rs.getString("status");
                          return new Delivery(
                              rs.getLong("id"),
                              rs.getString("channel_id"),
                              rs.getString("kind"),
                              new Channel(null, tenant, rs.getString("kind"), url, null, null)
                                  .redactedUrl(),
                              rs.getString("secret") != null,
                              status,
                              rs.getInt("attempts"),
                              rs.getString("last_error"),
                              rs.getObject("created_at", OffsetDateTime.class),
                              "pending".equals(status)
                                  ? rs.getObject("next_attempt_at", OffsetDateTime.class)
                                  : null,
                              rs.getObject("sent_at", OffsetDateTime.class));
                        })
                    .findOne());
  }
}
