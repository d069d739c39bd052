package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues a notification for every channel of a tenant, durably: rows in {@code notification_outbox}
 * that an {@link OutboxDispatcher} delivers with retries. Thread-safe.
 */
public final class Outbox {
  private final Database db;
  private final Channels channels;
  private final Runnable wake;

  public Outbox(Database db, Runnable wake) {
    this.db = db;
    this.channels = new Channels(db);
    this.wake = wake;
  }

  /** Returns how many deliveries were queued (one per channel). */
  public int enqueue(String tenant, Notification n) {
    return send(tenant, n, null).size();
  }

  /**
   * Queues {@code n} for every channel of the tenant, or only {@code channelId} when given; returns
   * the deliveries' ids (one per channel) for {@code notification_outbox} look-ups.
   */
  public List<Long> send(String tenant, Notification n, String channelId) {
    var targets =
        channels.list(tenant).stream()
            .filter(c -> channelId == null || c.id().equals(channelId))
            .toList();
    if (targets.isEmpty()) {
      return List.of();
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Long> ids =
        db.jdbi()
            .inTransaction(
                h -> {
                  List<Long> out = new ArrayList<>();
                  for (Channel c : targets) {
                    out.add(
                        h.createUpdate(
                                """
                                INSERT INTO notification_outbox
                                  (tenant_id, channel_id, kind, url, payload, status, attempts, next_attempt_at, created_at, secret)
                                VALUES (:tenant, :channel, :kind, :url, :payload, 'pending', 0, :now, :now, :secret)
                                """)
                            .bind("tenant", tenant)
                            .bind("channel", c.id())
                            .bind("kind", c.kind())
                            .bind("url", c.url())
                            .bind("payload", payload(c.kind(), tenant, n))
                            .bind("now", now)
                            .bind("secret", c.secret())
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
                  }
                  return out;
                });
    wake.run();
    return ids;
  }

  static String payload(String kind, String tenant, Notification n) {
    if (Channel.SLACK.equals(kind)) {
      String link = n.link() == null ? "" : "\n<" + n.link() + "|Open in OpsMCP>";
      return Json.write(Map.of("text", "*" + n.title() + "*\n" + n.text() + link));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", n.event());
    body.put("tenant", tenant);
    body.put("title", n.title());
    body.put("text", n.text());
    body.put("link", n.link());
    body.put("data", n.fields());
    return Json.write(body);
  }
}
