package dev.opsmcp.common.notify;

import java.time.OffsetDateTime;

/**
 * Where a tenant's notifications go: a Slack-compatible incoming webhook or a JSON webhook, signed
 * per Standard Webhooks when it has a {@code secret} (never printed).
 */
public record Channel(
    String id, String tenantId, String kind, String url, OffsetDateTime createdAt, String secret) {
  public static final String SLACK = "slack";
  public static final String WEBHOOK = "webhook";

  /** The URL with its path hidden: incoming-webhook URLs carry their secret in the path. */
  public String redactedUrl() {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    return slash < 0 ? url : url.substring(0, slash) + "/…";
  }

  public boolean signed() {
    return secret != null;
  }

  @Override
  public String toString() {
    return "Channel[" + id + " " + kind + " " + redactedUrl() + (signed() ? " signed" : "") + "]";
  }
}
