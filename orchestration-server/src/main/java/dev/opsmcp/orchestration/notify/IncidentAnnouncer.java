package dev.opsmcp.orchestration.notify;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStatus;
import dev.opsmcp.common.incident.Updated;
import dev.opsmcp.common.notify.Notification;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.orchestration.incident.IncidentNews;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the tenant's channels of an incident's opening, severity changes and resolution, and of a
 * remediation waiting for a human's approval.
 */
public final class IncidentAnnouncer implements IncidentNews {
  private final Outbox outbox;
  private final String approvalLink;

  /** {@code dashboardUrl}: the messaging dashboard where approvals are decided, or null. */
  public IncidentAnnouncer(Outbox outbox, String dashboardUrl) {
    this.outbox = outbox;
    this.approvalLink = dashboardUrl;
  }

  @Override
  public void opened(Incident i) {
    send(
        i,
        "incident_opened",
        "Incident " + i.ref() + " opened (" + i.severity() + "): " + i.title(),
        i.summary() == null ? i.title() : i.summary());
  }

  @Override
  public void changed(Updated u) {
    Incident before = u.before();
    Incident after = u.after();
    if (before.severity() != after.severity()) {
      send(
          after,
          "incident_severity_changed",
          "Incident " + after.ref() + " severity " + before.severity() + " → " + after.severity(),
          after.title());
    }
    if (before.status() != after.status() && after.status() == IncidentStatus.RESOLVED) {
      send(
          after,
          "incident_resolved",
          "Incident " + after.ref() + " resolved: " + after.title(),
          after.summary() == null ? after.title() : after.summary());
    }
  }

  public void approvalRequested(Approval a) {
    outbox.enqueue(a.tenantId(), a.requested(approvalLink));
  }

  private void send(Incident i, String event, String title, String text) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("incident_id", i.id());
    fields.put("incident_ref", i.ref());
    fields.put("severity", i.severity().name());
    fields.put("status", i.status().wire());
    fields.put("services", i.services());
    outbox.enqueue(i.tenant(), new Notification(event, title, text, null, fields));
  }
}
