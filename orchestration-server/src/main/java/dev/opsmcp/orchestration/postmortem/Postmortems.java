package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentChange;
import dev.opsmcp.common.incident.IncidentStatus;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import dev.opsmcp.orchestration.remediation.Remediations;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes, stores and reads postmortems. Documenting a resolution resolves the incident (unless it
 * is already resolved or closed), then builds the Markdown from the record. Thread-safe.
 */
public final class Postmortems {
  static final int TIMELINE_MAX = 500;

  private final Incidents incidents;
  private final Remediations remediations;
  private final PostmortemStore store;

  public Postmortems(Database db, Incidents incidents, Remediations remediations) {
    this.incidents = incidents;
    this.remediations = remediations;
    this.store = new PostmortemStore(db);
  }

  Postmortem document(
      String tenant, String actor, Incident incident, PostmortemWriter.Conclusions c)
      throws ToolFailure {
    Incident current = incident;
    if (incident.status().active()) {
      current =
          incidents
              .update(
                  tenant,
                  incident.id(),
                  new IncidentChange(IncidentStatus.RESOLVED, null, null, null),
                  "agent",
                  actor)
              .after();
    }
    Page<TimelineEvent> timeline =
        incidents.timeline(tenant, current.id(), false, null, TIMELINE_MAX);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    Incident resolved = current;
    int stored =
        store.add(
            tenant,
            current.id(),
            version ->
                PostmortemWriter.write(
                    resolved,
                    timeline.items(),
                    timeline.truncated(),
                    remediations.forIncident(tenant, resolved.id()),
                    c,
                    version,
                    now),
            c.rootCause(),
            c.resolution(),
            actor,
            now);
    incidents.record(
        tenant,
        current.id(),
        new NewEvent(
            "postmortem_written",
            "Postmortem version " + stored + " written",
            "agent",
            actor,
            null,
            null));
    return store.find(tenant, current.id(), current.ref(), stored).orElseThrow();
  }

  /** The newest postmortem of the incident, or a not-found failure that says how to write one. */
  public Postmortem current(String tenant, Incident incident) throws ToolFailure {
    return store
        .find(tenant, incident.id(), incident.ref(), null)
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.NOT_FOUND,
                    "incident "
                        + incident.ref()
                        + " has no postmortem yet; write one with document_resolution"));
  }
}
