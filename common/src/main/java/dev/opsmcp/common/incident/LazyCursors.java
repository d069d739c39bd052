package dev.opsmcp.common.incident;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.paging.Cursors;

/**
 * The database's cursor key, read when a list first needs it (stores are built before anything is
 * listed, and some never list). Thread-safe.
 */
final class LazyCursors {
  private final Database db;
  private volatile Cursors cursors;

  LazyCursors(Database db) {
    this.db = db;
  }

  Cursors get() {
    Cursors c = cursors;
    if (c == null) {
      c = Cursors.forDatabase(db);
      cursors = c;
    }
    return c;
  }
}
