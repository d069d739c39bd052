package dev.opsmcp.orchestration.alert;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert group as Alertmanager's webhook (version 4) and Grafana alerting's webhook send it: the
 * group's status and key, common labels and annotations, and its alerts. Parsed leniently (both
 * senders add fields over time); what must be there is checked with the field named.
 */
record AlertPayload(
    String status,
    String groupKey,
    int truncatedAlerts,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    List<Alert> alerts) {

  /** One alert of the group. {@code endsAt} is null while it fires with no end known. */
  record Alert(
      String status,
      String fingerprint,
      Map<String, String> labels,
      Map<String, String> annotations,
      OffsetDateTime startsAt,
      OffsetDateTime endsAt,
      String generatorUrl) {
    boolean firing() {
      return "firing".equals(status);
    }
  }

  boolean firing() {
    return alerts.stream().anyMatch(Alert::firing);
  }

  static AlertPayload parse(Object json) {
    if (!(json instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("the body must be a JSON object (an alert group)");
    }
    String status = status(m.get("status"), "status");
    if (!(m.get("alerts") instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("alerts must be a non-empty list");
    }
    if (list.size() > 1_000) {
      throw new IllegalArgumentException("alerts has " + list.size() + " entries; at most 1000");
    }
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      alerts.add(alert(list.get(i), "alerts[" + i + "]"));
    }
    Map<String, String> common = strings(m.get("commonLabels"), "commonLabels");
    String groupKey =
        m.get("groupKey") instanceof String g && !g.isBlank() ? text(g, "groupKey") : null;
    if (groupKey == null) {
      Map<String, String> group = strings(m.get("groupLabels"), "groupLabels");
      groupKey = "labels:" + new TreeMap<>(group.isEmpty() ? common : group);
    }
    groupKey = bounded(groupKey);
    int truncated = m.get("truncatedAlerts") instanceof Number n ? n.intValue() : 0;
    return new AlertPayload(
        status,
        groupKey,
        truncated,
        common,
        strings(m.get("commonAnnotations"), "commonAnnotations"),
        alerts);
  }

  private static Alert alert(Object o, String at) {
    if (!(o instanceof Map<?, ?> a)) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    Map<String, String> labels = strings(a.get("labels"), at + ".labels");
    String fingerprint =
        bounded(
            a.get("fingerprint") instanceof String f && !f.isBlank()
                ? text(f, at + ".fingerprint")
                : "labels:" + new TreeMap<>(labels));
    return new Alert(
        status(a.get("status"), at + ".status"),
        fingerprint,
        labels,
        strings(a.get("annotations"), at + ".annotations"),
        time(a.get("startsAt"), at + ".startsAt"),
        time(a.get("endsAt"), at + ".endsAt"),
        a.get("generatorURL") instanceof String g ? text(g, at + ".generatorURL") : null);
  }

  private static String status(Object o, String at) {
    if (!"firing".equals(o) && !"resolved".equals(o)) {
      throw new IllegalArgumentException(at + " must be \"firing\" or \"resolved\"");
    }
    return (String) o;
  }

  /** RFC 3339; Alertmanager's "no end" (year 1) reads as null. */
  private static OffsetDateTime time(Object o, String at) {
    if (o == null) {
      return null;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(String.valueOf(o));
      if (t.getYear() > 9999) {
        throw new IllegalArgumentException(at + " is after the year 9999: " + clip(o));
      }
      return t.getYear() <= 1 ? null : t;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(at + " is not an RFC 3339 time: " + clip(o));
    }
  }

  private static Map<String, String> strings(Object o, String at) {
    if (o == null) {
      return Map.of();
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(at + " must be an object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    m.forEach(
        (k, v) -> {
          String name = text(String.valueOf(k), at + " key");
          out.put(name, text(String.valueOf(v), at + "." + clip(name)));
        });
    return out;
  }

  /** {@code value}, refused with the field named when it holds a NUL (no database stores one). */
  private static String text(String value, String at) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(at + " contains a NUL character; send text without it");
    }
    return value;
  }

  /**
   * A key as stored and indexed (group key, fingerprint): one over 200 characters is kept as its
   * SHA-256, so any length dedupes alike and fits the index.
   */
  static String bounded(String key) {
    if (key.length() <= 200) {
      return key;
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clip(Object o) {
    String s = String.valueOf(o);
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
