package dev.opsmcp.common.testing;

import dev.opsmcp.common.db.Database;
import java.util.List;
import java.util.Optional;

/** The notes of the test server's tenants, in table {@code test_note}. */
public final class NoteStore {
  /** One stored note. */
  public record Note(long id, String text) {}

  private final Database db;

  public NoteStore(Database db) {
    this.db = db;
  }

  public long add(String tenant, String text) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate("INSERT INTO test_note (tenant_id, text) VALUES (:t, :x)")
                    .bind("t", tenant)
                    .bind("x", text)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  public Optional<Note> find(String tenant, long id) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT id, text FROM test_note WHERE tenant_id = :t AND id = :id")
                    .bind("t", tenant)
                    .bind("id", id)
                    .map((rs, c) -> new Note(rs.getLong("id"), rs.getString("text")))
                    .findOne());
  }

  /** Up to {@code limit} notes after id {@code after} whose text contains {@code contains}. */
  public List<Note> list(String tenant, String contains, long after, int limit) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT id, text FROM test_note
                        WHERE tenant_id = :t AND id > :after
                          AND (CAST(:contains AS TEXT) IS NULL OR text LIKE :pattern)
                        ORDER BY id LIMIT :limit
                        """)
                    .bind("t", tenant)
                    .bind("after", after)
                    .bind("contains", contains)
                    .bind("pattern", contains == null ? null : "%" + contains + "%")
                    .bind("limit", limit)
                    .map((rs, c) -> new Note(rs.getLong("id"), rs.getString("text")))
                    .list());
  }

  public boolean delete(String tenant, long id) {
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate("DELETE FROM test_note WHERE tenant_id = :t AND id = :id")
                        .bind("t", tenant)
                        .bind("id", id)
                        .execute())
        > 0;
  }
}
