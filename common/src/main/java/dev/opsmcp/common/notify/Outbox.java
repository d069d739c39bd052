package dev.opsmcp.common.notify;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Queues a notification for every channel of a tenant, durably: rows in {@code notification_outbox}
 * that an {@link OutboxDispatcher} delivers with retries. Thread-safe.
 */
public final class Outbox {
  private final Database db;
  private final Runnable wake;

  public Outbox(Database db, Runnable wake) {
    this.db = db;
    this.wake = wake;
  }

  /** Returns how many deliveries were queued (one per channel). */
  public int enqueue(String tenant, Notification n) {
    return db.jdbi().inTransaction(h -> enqueue(h, tenant, n));
  }

  /**
   * Queues inside the caller's transaction, so that what the notification announces and the
   * notification commit together or not at all; delivery starts once it commits.
   */
  public int enqueue(Handle h, String tenant, Notification n) {
    return send(h, tenant, n, null).size();
  }

  /**
   * Queues {@code n} for every channel of the tenant, or only {@code channelId} when given; returns
   * the deliveries' ids (one per channel) for {@code notification_outbox} look-ups.
   */
  public List<Long> send(String tenant, Notification n, String channelId) {
    return db.jdbi().inTransaction(h -> send(h, tenant, n, channelId));
  }

  /** {@link #send(String, Notification, String)} inside the caller's transaction. */
  public List<Long> send(Handle h, String tenant, Notification n, String channelId) {
    List<Channel> targets =
        Channels.list(h, tenant).stream()
            .filter(c -> channelId == null || c.id().equals(channelId))
            .toList();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Long> ids = new ArrayList<>();
    for (Channel c : targets) {
      ids.add(
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
    if (!ids.isEmpty()) {
      h.afterCommit(wake);
    }
    return ids;
  }

  static String payload(String kind, String tenant, Notification n) {
    if (Channel.SLACK.equals(kind)) {
      // Agent-written text is data: escaped, "<!channel>" pings no one and "<url|label>" is no
      // link. The one link is ours.
      String link = n.link() == null ? "" : "\n<" + slackEscape(n.link()) + "|Open in OpsMCP>";
      return Json.write(
          Map.of("text", "*" + slackEscape(n.title()) + "*\n" + slackEscape(n.text()) + link));
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

  /** Slack's escaping of message text: the three characters its markup is made of. */
  static String slackEscape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
