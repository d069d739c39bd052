package dev.opsmcp.common.auth;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;

/** The tenant registry. A tenant is a short slug; every row of tenant data carries it. */
public final class Tenants {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private final Database db;

  public Tenants(Database db) {
    this.db = db;
  }

  /** Creates the tenant; returns false when it already existed. */
  public boolean create(String name) {
    validate(name);
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO tenant (id, created_at) VALUES (:id, :now)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("id", name)
                        .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                        .execute())
        == 1;
  }

  public boolean exists(String name) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM tenant WHERE id = :id")
                        .bind("id", name)
                        .mapTo(Integer.class)
                        .one()
                    > 0);
  }

  public List<String> list() {
    return db.jdbi()
        .withHandle(
            h -> h.createQuery("SELECT id FROM tenant ORDER BY id").mapTo(String.class).list());
  }

  static void validate(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tenant name '"
              + name
              + "' is invalid: use 1-63 lowercase letters, digits, '-' or '_', starting with a"
              + " letter or digit");
    }
  }
}
