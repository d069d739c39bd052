package dev.opsmcp.common.job;

import dev.opsmcp.common.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rows older than a retention period from a few tables, hourly, on one replica per period
 * ({@link #oncePerCluster}): each table is trimmed oldest first in batches of about {@code batch}
 * rows, so no transaction grows large. The cutoff is the context's clock.
 */
public final class Retention implements BackgroundJob {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  public static final Duration PERIOD = Duration.ofHours(1);
  public static final int BATCH = 50_000;

  private final String name;
  private final Database db;
  private final Clock clock;
  private final Duration keep;
  private final List<RetentionTable> tables;
  private final int batch;
  private final JobClaims claims;

  public Retention(
      String name, Database db, Clock clock, Duration keep, List<RetentionTable> tables) {
    this(name, db, clock, keep, tables, BATCH);
  }

  public Retention(
      String name,
      Database db,
      Clock clock,
      Duration keep,
      List<RetentionTable> tables,
      int batch) {
    if (keep.isNegative() || keep.isZero() || batch < 1) {
      throw new IllegalArgumentException("retention needs a positive period and batch");
    }
    this.name = name;
    this.db = db;
    this.clock = clock;
    this.keep = keep;
    this.tables = List.copyOf(tables);
    this.batch = batch;
    this.claims = new JobClaims(db);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration period() {
    return PERIOD;
  }

  /** Every replica's runner of this job claims its passes on the one database. */
  @Override
  public Optional<JobClaims> oncePerCluster() {
    return Optional.of(claims);
  }

  @Override
  public void run() {
    long deleted = deleteExpired(clock.instant().minus(keep));
    if (deleted > 0) {
      LOG.info("{}: deleted {} rows older than {}", name, deleted, keep);
    }
  }

  /** Deletes every row older than {@code cutoff} from the tables; returns how many. */
  public long deleteExpired(Instant cutoff) {
    OffsetDateTime before = cutoff.atOffset(ZoneOffset.UTC);
    long total = 0;
    for (RetentionTable t : tables) {
      if (t.perTenant()) {
        List<String> tenants =
            db.jdbi()
                .withHandle(h -> h.createQuery("SELECT id FROM tenant").mapTo(String.class).list());
        for (String tenant : tenants) {
          total += trim(t, tenant, before);
        }
      } else {
        total += trim(t, null, before);
      }
    }
    return total;
  }

  /** Oldest first: each batch ends at the timestamp {@code batch} rows in (ties go together). */
  private long trim(RetentionTable t, String tenant, OffsetDateTime cutoff) {
    String where = (tenant == null ? "" : "tenant_id = :tenant AND ") + t.tsColumn();
    long total = 0;
    while (true) {
      Optional<OffsetDateTime> boundary =
          db.jdbi()
              .withHandle(
                  h ->
                      bind(
                              h.createQuery(
                                      "SELECT "
                                          + t.tsColumn()
                                          + " FROM "
                                          + t.table()
                                          + " WHERE "
                                          + where
                                          + " < :cutoff ORDER BY "
                                          + t.tsColumn()
                                          + " LIMIT 1 OFFSET :batch")
                                  .bind("batch", batch),
                              tenant)
                          .bind("cutoff", cutoff)
                          .mapTo(OffsetDateTime.class)
                          .findOne());
      if (boundary.isEmpty()) {
        return total + delete(t, where + " < :cutoff", tenant, cutoff);
      }
      int n = delete(t, where + " < :cutoff", tenant, boundary.get());
      if (n == 0) {
        n = delete(t, where + " <= :cutoff", tenant, boundary.get());
      }
      total += n;
    }
  }

  private int delete(RetentionTable t, String condition, String tenant, OffsetDateTime cutoff) {
    return db.jdbi()
        .withHandle(
            (Handle h) ->
                bind(h.createUpdate("DELETE FROM " + t.table() + " WHERE " + condition), tenant)
                    .bind("cutoff", cutoff)
                    .execute());
  }

  private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bind(
      S statement, String tenant) {
    return tenant == null ? statement : statement.bind("tenant", tenant);
  }
}
