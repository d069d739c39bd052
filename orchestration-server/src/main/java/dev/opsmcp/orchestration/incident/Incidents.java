package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentChange;
import dev.opsmcp.common.incident.IncidentFilter;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.NewIncident;
import dev.opsmcp.common.incident.Opened;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.incident.Updated;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Orchestration's view of the shared incident record: the store and timeline, plus announcing
 * openings, severity changes and resolutions. Thread-safe.
 */
public final class Incidents {
  private final IncidentStore store;
  private final Timeline timeline;
  private volatile IncidentNews news = IncidentNews.NONE;

  public Incidents(Database db) {
    this.store = new IncidentStore(db);
    this.timeline = new Timeline(db);
  }

  /** Who hears of changes (set once at start, before serving). */
  public void announceTo(IncidentNews news) {
    this.news = news;
  }

  public Opened open(String tenant, NewIncident n, NewEvent created) {
    return open(tenant, n, created, List.of());
  }

  /** Opens with {@code more} events recorded in the same transaction when the incident is new. */
  public Opened open(String tenant, NewIncident n, NewEvent created, List<NewEvent> more) {
    Opened o = store.open(tenant, n, created, more);
    if (!o.deduplicated()) {
      news.opened(o.incident());
    }
    return o;
  }

  /** The incident an {@code incident_id} argument names ({@code 17} or {@code INC-42}). */
  public Incident get(String tenant, String reference) throws ToolFailure {
    return store.resolve(tenant, reference);
  }

  public Updated update(String tenant, long id, IncidentChange change, String source, String actor)
      throws ToolFailure {
    Updated u = store.update(tenant, id, change, source, actor);
    if (!u.events().isEmpty()) {
      news.changed(u);
    }
    return u;
  }

  public TimelineEvent record(String tenant, long incidentId, NewEvent e) {
    return timeline.add(tenant, incidentId, e);
  }

  /** Records {@code e} inside the caller's transaction, so it commits with what it reports. */
  public TimelineEvent record(Handle h, String tenant, long incidentId, NewEvent e) {
    return timeline.add(h, tenant, incidentId, e);
  }

  /** Records the events not recorded yet (by kind and ref id); returns those it added. */
  public List<TimelineEvent> recordOnce(String tenant, long incidentId, List<NewEvent> events) {
    return timeline.addOnce(tenant, incidentId, events);
  }

  public boolean hasEvent(String tenant, long incidentId, String kind, String refId) {
    return timeline.has(tenant, incidentId, kind, refId);
  }

  public Optional<Incident> latestWithKey(String tenant, String dedupeKey) {
    return store.latestWithKey(tenant, dedupeKey);
  }

  public Page<TimelineEvent> timeline(
      String tenant, long incidentId, boolean newestFirst, String cursor, int limit)
      throws ToolFailure {
    return timeline.page(tenant, incidentId, newestFirst, cursor, limit);
  }

  public Page<Incident> list(String tenant, IncidentFilter f, String cursor, int limit)
      throws ToolFailure {
    return store.list(tenant, f, cursor, limit);
  }
}
