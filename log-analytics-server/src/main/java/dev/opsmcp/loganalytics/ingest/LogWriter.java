package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import java.util.List;

/**
 * Stores a batch of log records for one tenant in one transaction: all of it, or none of it (an
 * exception). PostgreSQL uses {@code COPY}; other databases batched inserts.
 */
public interface LogWriter {
  void write(String tenant, List<LogEntry> batch);

  static LogWriter forDatabase(Database db) {
    return db.kind() == DatabaseKind.POSTGRESQL
        ? new CopyLogWriter(db)
        : new BatchInsertLogWriter(db);
  }
}
