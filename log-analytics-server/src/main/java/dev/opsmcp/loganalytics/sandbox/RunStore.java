package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import tools.jackson.core.type.TypeReference;

/** Finished analysis runs, per tenant. Thread-safe. */
final class RunStore {
  private static final TypeReference<List<OutDir.OutFile>> FILES = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final RowMapper<AnalysisRun> MAPPER =
      (rs, ctx) -> {
        long incident = rs.getLong("incident_id");
        Long incidentId = rs.wasNull() ? null : incident;
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        String result = rs.getString("result");
        return new AnalysisRun(
            rs.getString("id"),
            rs.getString("status"),
            exitCode,
            rs.getLong("duration_ms"),
            rs.getObject("started_at", OffsetDateTime.class).toInstant().toString(),
            incidentId,
            rs.getString("script_path"),
            rs.getString("log_data_path"),
            rs.getString("stdout"),
            rs.getBoolean("stdout_truncated"),
            rs.getString("stderr"),
            rs.getBoolean("stderr_truncated"),
            result == null ? null : Json.MAPPER.readTree(result),
            rs.getString("result_note"),
            Json.MAPPER.readValue(rs.getString("files"), FILES),
            Json.MAPPER.readValue(rs.getString("rejected_files"), STRINGS),
            rs.getString("limit_note"));
      };

  private final Database db;

  RunStore(Database db) {
    this.db = db;
  }

  void insert(String tenant, AnalysisRun r) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO analysis_run (id, tenant_id, incident_id, script_path,
                          log_data_path, status, exit_code, duration_ms, started_at, stdout,
                          stdout_truncated, stderr, stderr_truncated, result, result_note, files,
                          rejected_files, limit_note)
                        VALUES (:id, :tenant, :incident, :script, :data, :status, :exit,
                          :duration, :started, :stdout, :stdout_cut, :stderr, :stderr_cut,
                          :result, :result_note, :files, :rejected, :limit_note)
                        """)
                    .bind("id", r.run_id())
                    .bind("tenant", tenant)
                    .bind("incident", r.incident_id())
                    .bind("script", r.script_path())
                    .bind("data", r.log_data_path())
                    .bind("status", r.status())
                    .bind("exit", r.exit_code())
                    .bind("duration", r.duration_ms())
                    .bind(
                        "started",
                        OffsetDateTime.parse(r.started_at()).withOffsetSameInstant(ZoneOffset.UTC))
                    .bind("stdout", r.stdout())
                    .bind("stdout_cut", r.stdout_truncated())
                    .bind("stderr", r.stderr())
                    .bind("stderr_cut", r.stderr_truncated())
                    .bind("result", r.result() == null ? null : Json.write(r.result()))
                    .bind("result_note", r.result_note())
                    .bind("files", Json.write(r.files()))
                    .bind("rejected", Json.write(r.rejected_files()))
                    .bind("limit_note", r.limit())
                    .execute());
  }

  Optional<AnalysisRun> find(String tenant, String id) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT * FROM analysis_run WHERE tenant_id = :tenant AND id = :id")
                    .bind("tenant", tenant)
                    .bind("id", id)
                    .map(MAPPER)
                    .findOne());
  }

  /** Newest first; {@code before} is the (started_at, id) of the last run of the previous page. */
  List<AnalysisRun> page(String tenant, OffsetDateTime beforeTs, String beforeId, int limit) {
    return db.jdbi()
        .withHandle(
            h -> {
              var q =
                  h.createQuery(
                      beforeTs == null
                          ? """
                            SELECT * FROM analysis_run WHERE tenant_id = :tenant
                            ORDER BY started_at DESC, id DESC LIMIT :limit
                            """
                          : """
                            SELECT * FROM analysis_run WHERE tenant_id = :tenant
                              AND (started_at, id) < (:before_ts, :before_id)
                            ORDER BY started_at DESC, id DESC LIMIT :limit
                            """);
              q.bind("tenant", tenant).bind("limit", limit);
              if (beforeTs != null) {
                q.bind("before_ts", beforeTs).bind("before_id", beforeId);
              }
              return q.map(MAPPER).list();
            });
  }
}
