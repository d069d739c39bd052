package dev.opsmcp.common.job;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Claims one pass of a named job for a while, so that of several replicas on one database only one
 * runs it: the claim is one conditional UPDATE of the job's {@code job_claim} row, timed by the
 * database's clock (replicas' clocks may differ). Plain SQL that runs on PostgreSQL and the
 * embedded database alike. Thread-safe.
 */
public final class JobClaims {
  private static final OffsetDateTime NEVER = OffsetDateTime.parse("1970-01-01T00:00:00Z");

  private final Database db;
  private final String owner = UUID.randomUUID().toString();

  public JobClaims(Database db) {
    this.db = db;
  }

  /**
   * True when this process may run job {@code name} now: no claim of it is current, and none other
   * will be for {@code hold} from now (by the database's clock).
   */
  public boolean claim(String name, Duration hold) {
    return db.jdbi()
        .inTransaction(
            h -> {
              h.createUpdate(
                      """
                      INSERT INTO job_claim (name, claimed_until) VALUES (:name, :never)
                      ON CONFLICT DO NOTHING
                      """)
                  .bind("name", name)
                  .bind("never", NEVER)
                  .execute();
              OffsetDateTime now =
                  h.createQuery("SELECT CURRENT_TIMESTAMP")
                      .mapTo(OffsetDateTime.class)
                      .one()
                      .withOffsetSameInstant(ZoneOffset.UTC);
              return h.createUpdate(
                          """
                          UPDATE job_claim SET claimed_until = :until, claimed_by = :owner
                          WHERE name = :name AND claimed_until <= :now
                          """)
                      .bind("name", name)
                      .bind("owner", owner)
                      .bind("now", now)
                      .bind("until", now.plus(hold))
                      .execute()
                  == 1;
            });
  }
}
