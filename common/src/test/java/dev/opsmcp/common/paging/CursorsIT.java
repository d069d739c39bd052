package dev.opsmcp.common.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cursor key lives in the database: every process on it accepts the others' cursors. */
class CursorsIT {
  record After(long id) {}

  private static Database migrated() {
    Database db = TestDatabases.fresh();
    Migrations.migrateAll(db, List.of());
    return db;
  }

  @Test
  void twoProcessesOnOneDatabase_shareTheKey_anotherDatabaseDoesNot() throws ToolFailure {
    try (Database db = migrated();
        Database sameDb = Database.open(db.config());
        Database otherDb = migrated()) {
      String token =
          Cursors.forDatabase(db).bind("acme", "notes", "f", After.class).write(new After(7));
      assertThat(Cursors.forDatabase(sameDb).bind("acme", "notes", "f", After.class).read(token))
          .isEqualTo(new After(7));
      assertThatThrownBy(
              () ->
                  Cursors.forDatabase(otherDb).bind("acme", "notes", "f", After.class).read(token))
          .isInstanceOf(ToolFailure.class)
          .hasMessageContaining("without cursor");
    }
  }
}
