package dev.opsmcp.orchestration.alert;

import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentChange;
import dev.opsmcp.common.incident.IncidentStatus;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.NewIncident;
import dev.opsmcp.common.incident.Opened;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns alert groups into incidents: a firing group opens an incident or joins the open one with
 * the same group key; each alert state is one timeline event (recorded once, so a redelivery
 * changes nothing); a group that resolved gets an event and, when asked, resolves the incident. A
 * group that fires again after its incident was resolved opens a new one that names the old.
 */
final class AlertIntake {
  /** What a delivery did. */
  record Outcome(
      String incidentRef, Long incidentId, boolean opened, int eventsAdded, String note) {}

  private final Incidents incidents;
  private final String serviceLabel;

  AlertIntake(Incidents incidents, String serviceLabel) {
    this.incidents = incidents;
    this.serviceLabel = serviceLabel;
  }

  Outcome receive(String tenant, String source, AlertPayload p, boolean autoResolve)
      throws ToolFailure {
    String key = source + ":" + p.groupKey();
    Optional<Incident> latest = incidents.latestWithKey(tenant, key);
    Incident incident;
    boolean opened = false;
    if (latest.isPresent() && latest.get().status().active()) {
      incident = latest.get();
    } else if (!p.firing()) {
      if (latest.isEmpty()) {
        return new Outcome(
            null, null, false, 0, "no incident for this alert group; nothing to resolve");
      }
      incident = latest.get();
    } else if (latest.isPresent() && allSeen(tenant, latest.get(), p)) {
      return record(
          tenant, source, latest.get(), p, false, autoResolve); // a replay: changes nothing
    } else {
      // A new incident gets the group's events in the transaction that opens it: one commit.
      List<NewEvent> events = events(source, p);
      Opened o =
          incidents.open(
              tenant,
              new NewIncident(title(p), severity(p), services(p), summary(p), key, startedAt(p)),
              new NewEvent(
                  "created",
                  "Incident opened by " + source + " alert group " + p.groupKey(),
                  source,
                  null,
                  null,
                  startedAt(p)),
              events);
      incident = o.incident();
      opened = !o.deduplicated();
      if (opened && latest.isPresent()) {
        incidents.record(
            tenant,
            incident.id(),
            new NewEvent(
                "follows",
                "The same alert group fired again after " + latest.get().ref() + " was resolved",
                source,
                null,
                latest.get().ref(),
                null));
      }
      if (opened) { // a firing group: nothing to resolve
        return new Outcome(incident.ref(), incident.id(), true, events.size(), null);
      }
    }
    return record(tenant, source, incident, p, opened, autoResolve);
  }

  /** The group's events: each alert's state, the group's resolution, a truncation notice. */
  private static List<NewEvent> events(String source, AlertPayload p) {
    List<NewEvent> events = new ArrayList<>();
    for (AlertPayload.Alert a : p.alerts()) {
      events.add(
          new NewEvent(
              a.firing() ? "alert_firing" : "alert_resolved",
              describe(a),
              source,
              null,
              a.fingerprint() + "@" + a.startsAt() + ":" + a.status(),
              a.firing() || a.endsAt() == null ? a.startsAt() : a.endsAt()));
    }
    boolean groupResolved = !p.firing() && "resolved".equals(p.status());
    if (groupResolved) {
      OffsetDateTime end =
          p.alerts().stream()
              .map(AlertPayload.Alert::endsAt)
              .filter(Objects::nonNull)
              .max(OffsetDateTime::compareTo)
              .orElse(null);
      events.add(
          new NewEvent(
              "alerts_resolved",
              "Every alert of the group has resolved",
              source,
              null,
              "group-resolved@" + end,
              end));
    }
    if (p.truncatedAlerts() > 0) {
      events.add(
          new NewEvent(
              "alerts_truncated",
              p.truncatedAlerts()
                  + " more alerts of the group were not sent (truncated by the sender)",
              source,
              null,
              "truncated@" + p.truncatedAlerts(),
              null));
    }
    Map<List<String>, NewEvent> once = new LinkedHashMap<>(); // one per (kind, ref), as recorded
    events.forEach(e -> once.putIfAbsent(List.of(e.kind(), e.refId()), e));
    return List.copyOf(once.values());
  }

  private Outcome record(
      String tenant,
      String source,
      Incident incident,
      AlertPayload p,
      boolean opened,
      boolean autoResolve)
      throws ToolFailure {
    List<TimelineEvent> added = incidents.recordOnce(tenant, incident.id(), events(source, p));
    boolean groupResolved = !p.firing() && "resolved".equals(p.status());
    if (groupResolved && autoResolve && incident.status().active()) {
      incidents.update(
          tenant,
          incident.id(),
          new IncidentChange(IncidentStatus.RESOLVED, null, null, null),
          source,
          null);
    }
    return new Outcome(
        incident.ref(),
        incident.id(),
        opened,
        added.size(),
        added.isEmpty() ? "already recorded; nothing changed" : null);
  }

  private boolean allSeen(String tenant, Incident previous, AlertPayload p) {
    for (AlertPayload.Alert a : p.alerts()) {
      String ref = a.fingerprint() + "@" + a.startsAt() + ":" + a.status();
      if (!incidents.hasEvent(
          tenant, previous.id(), a.firing() ? "alert_firing" : "alert_resolved", ref)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(AlertPayload.Alert a) {
    String name = a.labels().getOrDefault("alertname", "alert");
    String summary =
        a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", ""));
    String text =
        (a.firing() ? "Firing: " : "Resolved: ")
            + name
            + (summary.isBlank() ? "" : " — " + summary);
    text += " " + a.labels();
    return text.length() > 2_000 ? text.substring(0, 2_000) + "…" : text;
  }

  private static String title(AlertPayload p) {
    String t = p.commonAnnotations().get("summary");
    if (t == null || t.isBlank()) {
      t =
          p.commonLabels()
              .getOrDefault(
                  "alertname", p.alerts().get(0).labels().getOrDefault("alertname", "Alert"));
    }
    t = t.strip();
    return t.length() > 300 ? t.substring(0, 300) : t;
  }

  private static String summary(AlertPayload p) {
    String d = p.commonAnnotations().get("description");
    return d == null || d.isBlank() ? null : (d.length() > 16_000 ? d.substring(0, 16_000) : d);
  }

  private static OffsetDateTime startedAt(AlertPayload p) {
    return p.alerts().stream()
        .map(AlertPayload.Alert::startsAt)
        .filter(Objects::nonNull)
        .min(OffsetDateTime::compareTo)
        .orElse(null);
  }

  private List<String> services(AlertPayload p) {
    TreeSet<String> out = new TreeSet<>();
    for (AlertPayload.Alert a : p.alerts()) {
      String s = a.labels().get(serviceLabel);
      if (s != null && s.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}")) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The {@code severity} label: critical → SEV1, error/high → SEV2, warning → SEV3, info → SEV4.
   */
  static Severity severity(AlertPayload p) {
    String label = p.commonLabels().get("severity");
    if (label == null) {
      label =
          p.alerts().stream()
              .map(a -> a.labels().get("severity"))
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("");
    }
    return switch (label.strip().toLowerCase(Locale.ROOT)) {
      case "critical", "page", "sev1", "p1", "1" -> Severity.SEV1;
      case "error", "high", "major", "sev2", "p2", "2" -> Severity.SEV2;
      case "info", "low", "sev4", "p4", "4", "none" -> Severity.SEV4;
      default -> Severity.SEV3;
    };
  }
}
