package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.IntFunction;

/** Stored postmortem versions. A new version is numbered under a lock on the incident row. */
final class PostmortemStore {
  private final Database db;

  PostmortemStore(Database db) {
    this.db = db;
  }

  /** Stores the next version of the incident's postmortem, rendered for its number. */
  int add(
      String tenant,
      long incidentId,
      IntFunction<String> markdown,
      String rootCause,
      String resolution,
      String by,
      OffsetDateTime at) {
    return db.jdbi()
        .inTransaction(
            h -> {
              h.createQuery("SELECT id FROM incident WHERE tenant_id = :t AND id = :i FOR UPDATE")
                  .bind("t", tenant)
                  .bind("i", incidentId)
                  .mapTo(Long.class)
                  .one();
              int version =
                  h.createQuery(
                          "SELECT COALESCE(MAX(version), 0) + 1 FROM postmortem WHERE incident_id = :i")
                      .bind("i", incidentId)
                      .mapTo(Integer.class)
                      .one();
              h.createUpdate(
                      """
                      INSERT INTO postmortem
                        (tenant_id, incident_id, version, markdown, root_cause, resolution,
                         created_by, created_at)
                      VALUES (:t, :i, :v, :md, :rc, :res, :by, :at)
                      """)
                  .bind("t", tenant)
                  .bind("i", incidentId)
                  .bind("v", version)
                  .bind("md", markdown.apply(version))
                  .bind("rc", rootCause)
                  .bind("res", resolution)
                  .bind("by", by)
                  .bind("at", at)
                  .execute();
              return version;
            });
  }

  /** The newest version (or {@code version} when given) of the tenant's incident's postmortem. */
  Optional<Postmortem> find(String tenant, long incidentId, String ref, Integer version) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT version, markdown, created_by, created_at FROM postmortem
                        WHERE tenant_id = :t AND incident_id = :i
                          AND (version = :v OR CAST(:v AS INT) IS NULL)
                        ORDER BY version DESC LIMIT 1
                        """)
                    .bind("t", tenant)
                    .bind("i", incidentId)
                    .bind("v", version)
                    .map(
                        (rs, ctx) ->
                            new Postmortem(
                                incidentId,
                                ref,
                                rs.getInt(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class)))
                    .findOne());
  }
}
