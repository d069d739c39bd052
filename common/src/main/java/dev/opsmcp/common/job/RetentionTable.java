package dev.opsmcp.common.job;

import java.util.regex.Pattern;

/**
 * A table retention trims: its name, its timestamp column, and whether old rows are found per
 * tenant (when the table's time index starts with {@code tenant_id}). Names are code constants,
 * never caller text; they are checked to be plain identifiers anyway.
 */
public record RetentionTable(String table, String tsColumn, boolean perTenant) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  public RetentionTable {
    if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(tsColumn).matches()) {
      throw new IllegalArgumentException("not a plain identifier: " + table + "." + tsColumn);
    }
  }

  /** A table whose {@code ts} column has an index of its own. */
  public static RetentionTable byTime(String table) {
    return new RetentionTable(table, "ts", false);
  }

  /** A table indexed by {@code (tenant_id, ts)}: old rows are found tenant by tenant. */
  public static RetentionTable byTenantAndTime(String table) {
    return new RetentionTable(table, "ts", true);
  }
}
