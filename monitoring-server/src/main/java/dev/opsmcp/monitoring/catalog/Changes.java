package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Change events (deploys, config, flags, scaling) per tenant and service. Thread-safe. */
public final class Changes {
  public static final Set<String> KINDS = Set.of("deploy", "config", "flag", "scale", "other");
  public static final int MAX_LIST = 500;

  private final Database db;

  public Changes(Database db) {
    this.db = db;
  }

  public ChangeEvent record(
      String tenant, String service, String kind, String version, String description, Instant at)
      throws ToolFailure {
    Catalog.name("service", service);
    if (kind == null || !KINDS.contains(kind)) {
      throw new ToolFailure(
          "kind " + Echo.of(kind) + " is not one of deploy, config, flag, scale, other");
    }
    if (version != null && version.length() > 200) {
      throw new ToolFailure("version is over 200 characters");
    }
    if (description != null && description.length() > 2000) {
      throw new ToolFailure("description is over 2,000 characters; summarise the change");
    }
    Instant now = Instant.now();
    if (at.isAfter(now.plusSeconds(300))) {
      throw new ToolFailure("at is in the future; send when the change happened (RFC 3339)");
    }
    OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
    long id =
        db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            """
                            INSERT INTO change_event
                              (tenant_id, service, kind, version, description, at, created_at)
                            VALUES (:t, :s, :k, :v, :d, :at, :now)
                            """)
                        .bind("t", tenant)
                        .bind("s", service)
                        .bind("k", kind)
                        .bind("v", version)
                        .bind("d", description)
                        .bind("at", when)
                        .bind("now", now.atOffset(ZoneOffset.UTC))
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    return new ChangeEvent(id, service, kind, version, description, when);
  }

  /** Changes in [since, until), oldest first, of {@code service} when not null; at most limit. */
  public List<ChangeEvent> list(
      String tenant, String service, Instant since, Instant until, int limit) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT id, service, kind, version, description, at FROM change_event
                        WHERE tenant_id = :t AND at >= :since AND at < :until
                          AND (CAST(:s AS TEXT) IS NULL OR service = :s)
                        ORDER BY at, id LIMIT :limit
                        """)
                    .bind("t", tenant)
                    .bind("s", service)
                    .bind("since", since.atOffset(ZoneOffset.UTC))
                    .bind("until", until.atOffset(ZoneOffset.UTC))
                    .bind("limit", limit)
                    .map(
                        (rs, ctx) ->
                            new ChangeEvent(
                                rs.getLong("id"),
                                rs.getString("service"),
                                rs.getString("kind"),
                                rs.getString("version"),
                                rs.getString("description"),
                                rs.getObject("at", OffsetDateTime.class)))
                    .list());
  }
}
