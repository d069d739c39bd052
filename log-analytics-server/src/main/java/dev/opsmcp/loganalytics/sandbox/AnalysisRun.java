package dev.opsmcp.loganalytics.sandbox;

import java.util.List;

/**
 * A finished analysis run as tools return it. {@code result} is the parsed {@code out/result.json}
 * (null when absent, invalid or too large; {@code result_note} says which). Field names are the
 * wire names.
 */
record AnalysisRun(
    String run_id,
    String status,
    Integer exit_code,
    long duration_ms,
    String started_at,
    Long incident_id,
    String script_path,
    String log_data_path,
    String stdout,
    boolean stdout_truncated,
    String stderr,
    boolean stderr_truncated,
    Object result,
    String result_note,
    List<OutDir.OutFile> files,
    List<String> rejected_files,
    String limit) {}
