package dev.opsmcp.common.incident;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * An incident's timeline: every change and everything recorded against it, in time order, with its
 * source. Callers check the incident belongs to the tenant first ({@link IncidentStore}); every
 * query also filters by tenant. Thread-safe.
 */
public final class Timeline {
  private static final String COLUMNS = "id, incident_id, kind, text, source, actor, ref_id, at";

  private final Database db;
  private final LazyCursors cursors;

  public Timeline(Database db) {
    this.db = db;
    this.cursors = new LazyCursors(db);
  }

  /** What a timeline cursor is bound to besides the tenant. */
  private record PageOf(long incident, boolean newestFirst) {}

  /** Records {@code e} on the incident (which must be the tenant's) and returns it. */
  public TimelineEvent add(String tenant, long incidentId, NewEvent e) {
    return db.jdbi().inTransaction(h -> insert(h, tenant, incidentId, e));
  }

  /** {@link #add(String, long, NewEvent)} inside the caller's transaction. */
  public TimelineEvent add(Handle h, String tenant, long incidentId, NewEvent e) {
    return insert(h, tenant, incidentId, e);
  }

  /**
   * Records those of {@code events} whose (kind, ref id) the incident does not have yet, under a
   * lock on the incident row, and returns them: a redelivered batch adds nothing. An event without
   * a ref id is always recorded.
   */
  public List<TimelineEvent> addOnce(String tenant, long incidentId, List<NewEvent> events) {
    return db.jdbi()
        .inTransaction(
            h -> {
              h.createQuery("SELECT id FROM incident WHERE tenant_id = :t AND id = :i FOR UPDATE")
                  .bind("t", tenant)
                  .bind("i", incidentId)
                  .mapTo(Long.class)
                  .one();
              Set<List<String>> seen = recorded(h, tenant, incidentId, events);
              List<NewEvent> fresh = new ArrayList<>();
              for (NewEvent e : events) {
                if (e.refId() == null || seen.add(List.of(e.kind(), e.refId()))) {
                  fresh.add(e);
                }
              }
              return insertAll(h, tenant, incidentId, fresh);
            });
  }

  /** The (kind, ref id) pairs of {@code events} the incident has already, in one query. */
  private static Set<List<String>> recorded(
      Handle h, String tenant, long incidentId, List<NewEvent> events) {
    Set<String> refs = new TreeSet<>();
    events.forEach(e -> Optional.ofNullable(e.refId()).ifPresent(refs::add));
    Set<List<String>> seen = new HashSet<>();
    if (!refs.isEmpty()) {
      h.createQuery(
              "SELECT kind, ref_id FROM incident_event WHERE tenant_id = :t AND incident_id = :i"
                  + " AND ref_id IN (<refs>)")
          .bind("t", tenant)
          .bind("i", incidentId)
          .bindList("refs", List.copyOf(refs))
          .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2)))
          .forEach(seen::add);
    }
    return seen;
  }

  /** True when the incident has an event of {@code kind} with {@code refId}. */
  public boolean has(String tenant, long incidentId, String kind, String refId) {
    return db.jdbi().withHandle(h -> has(h, tenant, incidentId, kind, refId));
  }

  private static boolean has(Handle h, String tenant, long incidentId, String kind, String refId) {
    return h.createQuery(
                "SELECT COUNT(*) FROM incident_event WHERE tenant_id = :t AND incident_id = :i"
                    + " AND kind = :k AND ref_id = :r")
            .bind("t", tenant)
            .bind("i", incidentId)
            .bind("k", kind)
            .bind("r", refId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  private static final String INSERT =
      """
      INSERT INTO incident_event
        (tenant_id, incident_id, kind, text, source, actor, ref_id, at)
      VALUES (:tenant, :incident, :kind, :text, :source, :actor, :ref, :at)
      """;

  private static OffsetDateTime at(NewEvent e) {
    return (e.at() == null ? OffsetDateTime.now() : e.at()).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static <S extends SqlStatement<S>> S bound(
      S insert, String tenant, long incidentId, NewEvent e, OffsetDateTime at) {
    return insert
        .bind("tenant", tenant)
        .bind("incident", incidentId)
        .bind("kind", e.kind())
        .bind("text", e.text())
        .bind("source", e.source())
        .bind("actor", e.actor())
        .bind("ref", e.refId())
        .bind("at", at);
  }

  /** Inserts {@code events} in one batch (one round trip) and returns them as recorded. */
  static List<TimelineEvent> insertAll(
      Handle h, String tenant, long incidentId, List<NewEvent> events) {
    if (events.size() <= 1) {
      return events.stream().map(e -> insert(h, tenant, incidentId, e)).toList();
    }
    PreparedBatch batch = h.prepareBatch(INSERT);
    List<OffsetDateTime> ats = new ArrayList<>();
    for (NewEvent e : events) {
      OffsetDateTime at = at(e);
      ats.add(at);
      bound(batch, tenant, incidentId, e, at).add();
    }
    List<Long> ids = batch.executePreparedBatch("id").mapTo(Long.class).list();
    List<TimelineEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      NewEvent e = events.get(i);
      out.add(
          new TimelineEvent(
              ids.get(i),
              incidentId,
              e.kind(),
              e.text(),
              e.source(),
              e.actor(),
              e.refId(),
              ats.get(i)));
    }
    return out;
  }

  static TimelineEvent insert(Handle h, String tenant, long incidentId, NewEvent e) {
    OffsetDateTime at = at(e);
    long id =
        bound(h.createUpdate(INSERT), tenant, incidentId, e, at)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new TimelineEvent(
        id, incidentId, e.kind(), e.text(), e.source(), e.actor(), e.refId(), at);
  }

  /**
   * A page of the timeline, oldest or newest first; {@code cursor} is the previous page's signed
   * {@code next_cursor}, valid only for the same incident and order.
   */
  public Page<TimelineEvent> page(
      String tenant, long incidentId, boolean newestFirst, String cursor, int limit)
      throws ToolFailure {
    Cursor<Position> pages =
        cursors.get().bind(tenant, "timeline", new PageOf(incidentId, newestFirst), Position.class);
    Position after = pages.read(cursor);
    String keyset =
        after == null
            ? ""
            : newestFirst
                ? " AND (at < :at OR (at = :at AND id < :id))"
                : " AND (at > :at OR (at = :at AND id > :id))";
    String order = newestFirst ? " ORDER BY at DESC, id DESC" : " ORDER BY at, id";
    List<TimelineEvent> rows =
        db.jdbi()
            .withHandle(
                h -> {
                  var q =
                      h.createQuery(
                              "SELECT "
                                  + COLUMNS
                                  + " FROM incident_event"
                                  + " WHERE tenant_id = :tenant AND incident_id = :incident"
                                  + keyset
                                  + order
                                  + " LIMIT :limit")
                          .bind("tenant", tenant)
                          .bind("incident", incidentId)
                          .bind("limit", limit + 1);
                  if (after != null) {
                    q.bind("at", after.time()).bind("id", after.id());
                  }
                  return q.map(
                          (rs, ctx) ->
                              new TimelineEvent(
                                  rs.getLong("id"),
                                  rs.getLong("incident_id"),
                                  rs.getString("kind"),
                                  rs.getString("text"),
                                  rs.getString("source"),
                                  rs.getString("actor"),
                                  rs.getString("ref_id"),
                                  rs.getObject("at", OffsetDateTime.class)))
                      .list();
                });
    return Page.of(rows, limit, e -> pages.write(Position.of(e.at(), e.id())));
  }
}
