package dev.opsmcp.common.notify;

import java.util.Map;

/**
 * Something a human should learn of: a title, a short text, an optional link, and the event's
 * fields for generic webhooks.
 */
public record Notification(
    String event, String title, String text, String link, Map<String, Object> fields) {}
