package dev.opsmcp.common.incident;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The core incident store: open (with dedupe), find by id or {@code INC-n} reference, update
 * through the lifecycle with every change on the timeline, and list. A foreign tenant's incident
 * reads as absent. Thread-safe; holds no state beyond the database.
 */
public final class IncidentStore {
  private final Database db;
  private final LazyCursors cursors;

  public IncidentStore(Database db) {
    this.db = db;
    this.cursors = new LazyCursors(db);
  }

  /** What an incident list's cursor is bound to besides the tenant. */
  private record ListFilters(
      String status, String service, String severity, String since, String until) {}

  /** Opens an incident for {@code tenant} (which must exist) and returns it. */
  public Incident create(
      String tenant,
      String title,
      Severity severity,
      List<String> services,
      OffsetDateTime startedAt) {
    return open(
            tenant,
            new NewIncident(title, severity, services, null, null, startedAt),
            NewEvent.of("created", "Incident opened: " + title, "orchestration", null))
        .incident();
  }

  /**
   * Opens an incident, or returns the open (not resolved or closed) one of the tenant with the same
   * dedupe key. {@code created} is the timeline event recorded for a new incident. Creates of one
   * tenant are serialised on its counter row, so two concurrent creates cannot both open one key.
   */
  public Opened open(String tenant, NewIncident n, NewEvent created) {
    return open(tenant, n, created, List.of());
  }

  /**
   * {@link #open(String, NewIncident, NewEvent)}, recording {@code more} events after {@code
   * created} in the same transaction (one batch) when the incident is new: an alert group's first
   * delivery is one commit. A deduplicated open records none of them.
   */
  public Opened open(String tenant, NewIncident n, NewEvent created, List<NewEvent> more) {
    List<String> sorted = List.copyOf(new TreeSet<>(n.services()));
    // Whole microseconds, as both databases store them: the incident returned is the one stored.
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    OffsetDateTime started =
        (n.startedAt() == null ? now : n.startedAt())
            .withOffsetSameInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MICROS);
    return db.jdbi()
        .inTransaction(
            h -> {
              long last = lockCounter(h, tenant);
              if (n.dedupeKey() != null) {
                Optional<Long> open = openWithKey(h, tenant, n.dedupeKey());
                if (open.isPresent()) {
                  return new Opened(IncidentRows.find(h, tenant, open.get(), false).get(), true);
                }
              }
              long number = last + 1;
              h.createUpdate("UPDATE incident_counter SET last_ref = :n WHERE tenant_id = :t")
                  .bind("n", number)
                  .bind("t", tenant)
                  .execute();
              long id =
                  h.createUpdate(
                          """
                          INSERT INTO incident
                            (tenant_id, ref_number, title, severity, status, summary, dedupe_key,
                             started_at, created_at, updated_at)
                          VALUES (:tenant, :n, :title, :severity, :status, :summary, :key,
                                  :started, :now, :now)
                          """)
                      .bind("tenant", tenant)
                      .bind("n", number)
                      .bind("title", n.title())
                      .bind("severity", n.severity().name())
                      .bind("status", IncidentStatus.OPEN.name())
                      .bind("summary", n.summary())
                      .bind("key", n.dedupeKey())
                      .bind("started", started)
                      .bind("now", now)
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one();
              insertServices(h, id, sorted);
              List<NewEvent> events = new ArrayList<>(List.of(created));
              events.addAll(more);
              Timeline.insertAll(h, tenant, id, events);
              Incident opened =
                  new Incident(
                      id,
                      IncidentRef.format(number),
                      tenant,
                      n.title(),
                      n.severity(),
                      IncidentStatus.OPEN,
                      sorted,
                      n.summary(),
                      n.dedupeKey(),
                      started,
                      null,
                      now);
              return new Opened(opened, false);
            });
  }

  /**
   * Holds the tenant's counter row until commit, so creates of one tenant go one at a time, and
   * returns the last reference number handed out.
   */
  private static long lockCounter(Handle h, String tenant) {
    String lock = "SELECT last_ref FROM incident_counter WHERE tenant_id = :t FOR UPDATE";
    Optional<Long> last = h.createQuery(lock).bind("t", tenant).mapTo(Long.class).findOne();
    if (last.isPresent()) {
      return last.get();
    }
    h.createUpdate(
            "INSERT INTO incident_counter (tenant_id, last_ref) VALUES (:t, 0)"
                + " ON CONFLICT DO NOTHING")
        .bind("t", tenant)
        .execute();
    return h.createQuery(lock).bind("t", tenant).mapTo(Long.class).one();
  }

  private static Optional<Long> openWithKey(Handle h, String tenant, String key) {
    return h.createQuery(
            """
            SELECT id FROM incident
            WHERE tenant_id = :tenant AND dedupe_key = :key AND status NOT IN ('RESOLVED', 'CLOSED')
            ORDER BY id DESC LIMIT 1
            """)
        .bind("tenant", tenant)
        .bind("key", key)
        .mapTo(Long.class)
        .findOne();
  }

  private static void insertServices(Handle h, long id, List<String> sorted) {
    if (sorted.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch("INSERT INTO incident_service (incident_id, service) VALUES (:id, :s)");
    for (String service : sorted) {
      batch.bind("id", id).bind("s", service).add();
    }
    batch.execute();
  }

  /** The tenant's newest incident opened with {@code dedupeKey}, whatever its status. */
  public Optional<Incident> latestWithKey(String tenant, String dedupeKey) {
    return db.jdbi().withHandle(h -> IncidentRows.latestWithKey(h, tenant, dedupeKey));
  }

  /** The incident with {@code id} of {@code tenant}; empty when absent or another tenant's. */
  public Optional<Incident> find(String tenant, long id) {
    return db.jdbi().withHandle(h -> IncidentRows.find(h, tenant, id, false));
  }

  /**
   * The incident an {@code incident_id} argument names (its id, {@code 17}, or its per-tenant
   * reference, {@code INC-42}), or a not-found failure saying why. Another tenant's incident is not
   * found, the same as an unknown one. Every tool resolves {@code incident_id} here.
   */
  public Incident resolve(String tenant, String reference) throws ToolFailure {
    if (reference == null) {
      throw new ToolFailure("incident_id is missing; " + IncidentRef.HELP);
    }
    StoredText.require("incident_id", reference);
    IncidentRef ref =
        IncidentRef.parse(reference)
            .orElseThrow(
                () ->
                    new ToolFailure(
                        "incident_id "
                            + Echo.of(reference)
                            + " is not an incident id; "
                            + IncidentRef.HELP));
    Optional<Incident> found =
        db.jdbi()
            .withHandle(
                h ->
                    ref.id() != null
                        ? IncidentRows.find(h, tenant, ref.id(), false)
                        : IncidentRows.findByRef(h, tenant, ref.number()));
    return found.orElseThrow(
        () ->
            new ToolFailure(
                ToolFailure.Kind.NOT_FOUND,
                "no incident "
                    + Echo.shortened(reference.strip())
                    + " in your tenant; call list_incidents to find it, or create_incident"));
  }

  /** {@link #resolve} for an optional {@code incident_id}: null when {@code reference} is null. */
  public Incident resolveIfGiven(String tenant, String reference) throws ToolFailure {
    return reference == null ? null : resolve(tenant, reference);
  }

  /** The id of the incident an optional {@code incident_id} names; null when it is null. */
  public Long idIfGiven(String tenant, String reference) throws ToolFailure {
    return reference == null ? null : resolve(tenant, reference).id();
  }

  /**
   * Applies {@code change} under a row lock; every field that changes becomes a timeline event. An
   * invalid status move is refused with the allowed moves listed.
   */
  public Updated update(String tenant, long id, IncidentChange change, String source, String actor)
      throws ToolFailure {
    return db.jdbi().inTransaction(h -> update(h, tenant, id, change, source, actor));
  }

  private static Updated update(
      Handle h, String tenant, long id, IncidentChange c, String source, String actor)
      throws ToolFailure {
    Incident before =
        IncidentRows.find(h, tenant, id, true)
            .orElseThrow(
                () ->
                    new ToolFailure(
                        ToolFailure.Kind.NOT_FOUND, "no incident " + id + " in your tenant"));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<NewEvent> events = new ArrayList<>();
    IncidentStatus status = before.status();
    OffsetDateTime resolvedAt = before.resolvedAt();
    if (c.status() != null && c.status() != before.status()) {
      if (!before.status().next().contains(c.status())) {
        throw new ToolFailure(
            ToolFailure.Kind.CONFLICT,
            "cannot move incident "
                + before.ref()
                + " from "
                + before.status().wire()
                + " to "
                + c.status().wire()
                + "; allowed from "
                + before.status().wire()
                + ": "
                + allowed(before.status()));
      }
      status = c.status();
      resolvedAt =
          status == IncidentStatus.RESOLVED
              ? now
              : status == IncidentStatus.CLOSED ? before.resolvedAt() : null;
      events.add(
          event(
              "status_changed",
              "Status " + before.status().wire() + " → " + status.wire(),
              source,
              actor));
    }
    Severity severity = before.severity();
    if (c.severity() != null && c.severity() != before.severity()) {
      severity = c.severity();
      events.add(
          event(
              "severity_changed",
              "Severity " + before.severity() + " → " + severity,
              source,
              actor));
    }
    String summary = before.summary();
    if (c.summary() != null && !c.summary().equals(before.summary())) {
      summary = c.summary();
      events.add(event("summary_changed", "Summary: " + summary, source, actor));
    }
    List<String> services = before.services();
    if (c.services() != null) {
      List<String> sorted = List.copyOf(new TreeSet<>(c.services()));
      if (!sorted.equals(before.services())) {
        services = sorted;
        h.createUpdate("DELETE FROM incident_service WHERE incident_id = :id")
            .bind("id", id)
            .execute();
        insertServices(h, id, sorted);
        events.add(
            event(
                "services_changed",
                "Services: " + (sorted.isEmpty() ? "(none)" : String.join(", ", sorted)),
                source,
                actor));
      }
    }
    if (events.isEmpty()) {
      return new Updated(before, before, List.of());
    }
    h.createUpdate(
            """
            UPDATE incident SET status = :status, severity = :severity, summary = :summary,
              resolved_at = :resolved, updated_at = :now
            WHERE tenant_id = :tenant AND id = :id
            """)
        .bind("status", status.name())
        .bind("severity", severity.name())
        .bind("summary", summary)
        .bind("resolved", resolvedAt)
        .bind("now", now)
        .bind("tenant", tenant)
        .bind("id", id)
        .execute();
    List<TimelineEvent> recorded = new ArrayList<>();
    for (NewEvent e : events) {
      recorded.add(Timeline.insert(h, tenant, id, e));
    }
    Incident after = IncidentRows.find(h, tenant, id, false).orElseThrow();
    return new Updated(before, after, recorded);
  }

  private static NewEvent event(String kind, String text, String source, String actor) {
    return new NewEvent(kind, text, source, actor, null, null);
  }

  private static String allowed(IncidentStatus from) {
    return from.next().isEmpty()
        ? "none (a closed incident stays closed; open a new one)"
        : from.next().stream().map(IncidentStatus::wire).collect(Collectors.joining(", "));
  }

  /**
   * A page of the tenant's incidents, newest first; {@code cursor} is the previous page's signed
   * {@code next_cursor}, valid only with the same filters.
   */
  public Page<Incident> list(String tenant, IncidentFilter f, String cursor, int limit)
      throws ToolFailure {
    Cursor<Position> pages =
        cursors
            .get()
            .bind(
                tenant,
                "incidents",
                new ListFilters(
                    f.status() == null ? null : f.status().name(),
                    f.service(),
                    f.severity() == null ? null : f.severity().name(),
                    f.since() == null ? null : f.since().toInstant().toString(),
                    f.until() == null ? null : f.until().toInstant().toString()),
                Position.class);
    Position after = pages.read(cursor);
    // The page's incidents in a subquery, joined with their services: one round trip.
    StringBuilder sql = new StringBuilder("SELECT i.* FROM incident i WHERE i.tenant_id = :tenant");
    if (f.status() != null) {
      sql.append(" AND i.status = :status");
    }
    if (f.severity() != null) {
      sql.append(" AND i.severity = :severity");
    }
    if (f.since() != null) {
      sql.append(" AND i.started_at >= :since");
    }
    if (f.until() != null) {
      sql.append(" AND i.started_at < :until");
    }
    if (f.service() != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM incident_service s"
              + " WHERE s.incident_id = i.id AND s.service = :service)");
    }
    if (after != null) {
      sql.append(" AND (i.started_at < :at OR (i.started_at = :at AND i.id < :after))");
    }
    sql.append(" ORDER BY i.started_at DESC, i.id DESC LIMIT :limit");
    String page =
        IncidentRows.withServices("(" + sql + ") i")
            + " ORDER BY i.started_at DESC, i.id DESC, sv.service";
    List<Incident> rows =
        db.jdbi()
            .withHandle(
                h -> {
                  var q = h.createQuery(page).bind("tenant", tenant).bind("limit", limit + 1);
                  if (f.status() != null) {
                    q.bind("status", f.status().name());
                  }
                  if (f.severity() != null) {
                    q.bind("severity", f.severity().name());
                  }
                  if (f.since() != null) {
                    q.bind("since", f.since());
                  }
                  if (f.until() != null) {
                    q.bind("until", f.until());
                  }
                  if (f.service() != null) {
                    q.bind("service", f.service());
                  }
                  if (after != null) {
                    q.bind("at", after.time()).bind("after", after.id());
                  }
                  return IncidentRows.joined(q);
                });
    return Page.of(rows, limit, i -> pages.write(Position.of(i.startedAt(), i.id())));
  }
}
