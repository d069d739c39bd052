package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The portable writer: one JDBC batch of inserts in one transaction. */
final class BatchInsertLogWriter implements LogWriter {
  private final Database db;

  BatchInsertLogWriter(Database db) {
    this.db = db;
  }

  @Override
  public void write(String tenant, List<LogEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    db.jdbi()
        .useTransaction(
            h -> {
              PreparedBatch insert =
                  h.prepareBatch(
                      """
                      INSERT INTO log_record (tenant_id, service, ts, severity_number, level, body,
                        attributes, trace_id, span_id)
                      VALUES (:tenant, :service, :ts, :sev, :level, :body, :attrs, :trace, :span)
                      """);
              for (LogEntry e : batch) {
                insert
                    .bind("tenant", tenant)
                    .bind("service", e.service())
                    .bind("ts", OffsetDateTime.ofInstant(e.ts(), ZoneOffset.UTC))
                    .bind("sev", e.severityNumber())
                    .bind("level", e.level())
                    .bind("body", e.body())
                    .bind("attrs", e.attributes())
                    .bind("trace", e.traceId())
                    .bind("span", e.spanId())
                    .add();
              }
              insert.execute();
            });
  }
}
