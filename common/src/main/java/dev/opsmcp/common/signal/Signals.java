package dev.opsmcp.common.signal;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import java.util.function.Consumer;

/**
 * Wakes whoever waits for a keyed event: in this process, and on PostgreSQL in every process on the
 * same database (LISTEN/NOTIFY), so a waiter never polls. Thread-safe; close it at shutdown.
 */
public interface Signals extends AutoCloseable {
  /**
   * Given to listeners when signals from other processes may have been missed (the listening
   * connection was replaced): whatever they show from the database, they should re-read.
   */
  String RECONNECTED = "signals:reconnected";

  /** Registers interest in {@code key} before checking state; close the waiter when done. */
  Waiter watch(String key);

  /** Wakes every watcher of {@code key} and every listener, everywhere. Call after commit. */
  void signal(String key);

  /** Calls {@code listener} with every key signalled anywhere (e.g. to stream events). */
  AutoCloseable listen(Consumer<String> listener);

  @Override
  void close();

  static Signals open(Database db) {
    return db.kind() == DatabaseKind.POSTGRESQL ? new PostgresSignals(db) : new LocalSignals();
  }
}
