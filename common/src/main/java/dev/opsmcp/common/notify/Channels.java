package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** A tenant's notification channels (configured with {@code opsmcp channel add}). */
public final class Channels {
  private final Database db;

  public Channels(Database db) {
    this.db = db;
  }

  public Channel add(String tenant, String kind, String url) {
    return add(tenant, kind, url, null);
  }

  /** {@code secret} ({@code whsec_…}) signs a webhook channel's deliveries; null for none. */
  public Channel add(String tenant, String kind, String url, String secret) {
    if (secret != null) {
      WebhookSignature.validSecret(secret);
      if (!Channel.WEBHOOK.equals(kind)) {
        throw new IllegalArgumentException("only webhook channels are signed; slack has no secret");
      }
    }
    if (!Set.of(Channel.SLACK, Channel.WEBHOOK).contains(kind)) {
      throw new IllegalArgumentException("channel kind '" + kind + "' is not slack or webhook");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("channel url is not a URL: " + e.getMessage(), e);
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("channel url must be http(s)");
    }
    String id = Ids.newId("ch");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO notification_channel (id, tenant_id, kind, url, created_at,"
                            + " secret) VALUES (:id, :tenant, :kind, :url, :now, :secret)")
                    .bind("id", id)
                    .bind("tenant", tenant)
                    .bind("kind", kind)
                    .bind("url", url)
                    .bind("now", now)
                    .bind("secret", secret)
                    .execute());
    return new Channel(id, tenant, kind, url, now, secret);
  }

  public List<Channel> list(String tenant) {
    return db.jdbi().withHandle(h -> list(h, tenant));
  }

  static List<Channel> list(Handle h, String tenant) {
    return h.createQuery(
            "SELECT id, tenant_id, kind, url, created_at, secret FROM notification_channel"
                + " WHERE tenant_id = :tenant ORDER BY created_at, id")
        .bind("tenant", tenant)
        .map(
            (rs, ctx) ->
                new Channel(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getObject(5, OffsetDateTime.class),
                    rs.getString(6)))
        .list();
  }

  /** Removes the tenant's channel {@code id}; false when it has none by that id. */
  public boolean remove(String tenant, String id) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "DELETE FROM notification_channel WHERE tenant_id = :tenant AND id = :id")
                        .bind("tenant", tenant)
                        .bind("id", id)
                        .execute())
        == 1;
  }

  /** Removes channel {@code id} whatever its tenant (the operator's CLI). */
  public boolean remove(String id) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate("DELETE FROM notification_channel WHERE id = :id")
                        .bind("id", id)
                        .execute())
        == 1;
  }
}
