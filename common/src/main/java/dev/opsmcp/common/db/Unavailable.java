package dev.opsmcp.common.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database that cannot be reached (stopped, restarting, failing over, the pool timing out
 * on a connection) from every other failure, so callers can answer "retry in a few seconds" instead
 * of an internal error. Stateless.
 */
public final class Unavailable {
  /** What a caller is told; the same words for a tool's isError and an HTTP 503. */
  public static final String MESSAGE =
      "the database is unavailable at the moment (a restart or failover): retry in a few seconds";

  private Unavailable() {}

  /** True when {@code failure} or one of its causes says the database could not be reached. */
  public static boolean causedBy(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
    }
    return false;
  }
}
