package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.db.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL writer: one {@code COPY … FROM STDIN} (text format) per batch, in one transaction. */
final class CopyLogWriter implements LogWriter {
  static final String COPY_SQL =
      "COPY log_record (tenant_id, service, ts, severity_number, level, body, attributes,"
          + " trace_id, span_id) FROM STDIN";
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
  private static final int CHUNK = 1 << 16;

  private final Database db;

  CopyLogWriter(Database db) {
    this.db = db;
  }

  @Override
  public void write(String tenant, List<LogEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try (Connection c = db.dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        copy(c, tenant, batch);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY of " + batch.size() + " log records failed", e);
    }
  }

  private static void copy(Connection c, String tenant, List<LogEntry> batch) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
    try {
      StringBuilder sb = new StringBuilder(CHUNK + 4096);
      for (LogEntry e : batch) {
        row(sb, tenant, e);
        if (sb.length() >= CHUNK) {
          flush(in, sb);
        }
      }
      flush(in, sb);
      in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static void flush(CopyIn in, StringBuilder sb) throws SQLException {
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    sb.setLength(0);
  }

  /** One row in COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
  static void row(StringBuilder sb, String tenant, LogEntry e) {
    field(sb, tenant).append('\t');
    field(sb, e.service()).append('\t');
    TS.formatTo(e.ts(), sb);
    sb.append('\t').append(e.severityNumber()).append('\t');
    field(sb, e.level()).append('\t');
    field(sb, e.body()).append('\t');
    field(sb, e.attributes()).append('\t');
    field(sb, e.traceId()).append('\t');
    field(sb, e.spanId()).append('\n');
  }

  private static StringBuilder field(StringBuilder sb, String value) {
    if (value == null) {
      return sb.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\0' -> {} // PostgreSQL text cannot hold NUL
        default -> sb.append(ch);
      }
    }
    return sb;
  }
}
