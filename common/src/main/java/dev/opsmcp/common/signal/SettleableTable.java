package dev.opsmcp.common.signal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The table of one kind of settleable request and the SQL every such table shares: read one row,
 * expire it when due, list and count what is pending. The table needs {@code id}, {@code
 * tenant_id}, {@code status}, {@code created_at} and {@code expires_at}; rows map to {@code type}
 * by constructor. The name is a constant of the code, checked to be a plain identifier. Immutable.
 */
public final class SettleableTable<T extends Settleable> {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  private static final String FIND = "SELECT * FROM <table> WHERE tenant_id = :tenant AND id = :id";

  private static final String EXPIRE =
      """
      UPDATE <table> SET status = 'expired'
      WHERE tenant_id = :tenant AND id = :id AND status = 'pending' AND expires_at <= :now
      """;

  private static final String PENDING =
      """
      SELECT * FROM <table>
      WHERE tenant_id = :tenant AND status = 'pending' AND expires_at > :now
        AND (created_at > :afterAt OR (created_at = :afterAt AND id > :afterId))
      ORDER BY created_at, id
      LIMIT :limit
      """;

  private static final String COUNT_PENDING =
      """
      SELECT count(*) FROM <table>
      WHERE tenant_id = :tenant AND status = 'pending' AND expires_at > :now
      """;

  private final String name;
  private final Class<T> type;
  private final RowMapperFactory mapper;

  public SettleableTable(String name, Class<T> type) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("not a table name: " + name);
    }
    this.name = name;
    this.type = type;
    this.mapper = ConstructorMapper.factory(type);
  }

  Optional<T> find(Handle h, String tenant, String id) {
    return h.createQuery(FIND)
        .define("table", name)
        .bind("tenant", tenant)
        .bind("id", id)
        .registerRowMapper(mapper)
        .mapTo(type)
        .findOne();
  }

  /** Marks the row expired if it is pending and due; returns the rows changed. */
  int expireIfDue(Handle h, String tenant, String id, OffsetDateTime now) {
    return h.createUpdate(EXPIRE)
        .define("table", name)
        .bind("tenant", tenant)
        .bind("id", id)
        .bind("now", now)
        .execute();
  }

  List<T> pending(
      Handle h,
      String tenant,
      OffsetDateTime now,
      OffsetDateTime afterAt,
      String afterId,
      int limit) {
    return h.createQuery(PENDING)
        .define("table", name)
        .bind("tenant", tenant)
        .bind("now", now)
        .bind("afterAt", afterAt)
        .bind("afterId", afterId)
        .bind("limit", limit)
        .registerRowMapper(mapper)
        .mapTo(type)
        .list();
  }

  long countPending(Handle h, String tenant, OffsetDateTime now) {
    return h.createQuery(COUNT_PENDING)
        .define("table", name)
        .bind("tenant", tenant)
        .bind("now", now)
        .mapTo(Long.class)
        .one();
  }
}
