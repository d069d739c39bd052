package dev.opsmcp.common.db;

import java.sql.SQLException;

/**
 * Tells a write that lost a race on a unique key (SQLState 23505, the same on PostgreSQL and H2)
 * from every other failure, so the caller can read the winner or try again. Stateless.
 */
public final class UniqueViolation {
  private static final String STATE = "23505";

  private UniqueViolation() {}

  /** True when {@code failure} or one of its causes is a unique-key violation. */
  public static boolean causedBy(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLException sql && STATE.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
