package dev.opsmcp.orchestration.remediation;

import java.time.OffsetDateTime;
import java.util.Map;

/** A run as tools return it: output cut to 8,000 characters, and what to do next. */
public record RunView(
    String runId,
    String status,
    long incidentId,
    String runbook,
    String kind,
    String risk,
    Map<String, String> parameters,
    Plan ran,
    String approvalId,
    String requestedBy,
    String approvedBy,
    Integer exitStatus,
    String output,
    boolean outputTruncated,
    String error,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt,
    Long durationMs,
    boolean replayed,
    String next) {
  static final int MAX_OUTPUT = 8_000;

  static RunView of(Run r, boolean replayed) {
    String out = r.output();
    boolean cut = out != null && out.length() > MAX_OUTPUT;
    String next =
        switch (r.status()) {
          case "pending_approval" ->
              "waiting for a human to approve "
                  + r.approvalId()
                  + " (messaging dashboard or REST); it has not run. Call get_remediation later";
          case "running" -> "running; call get_remediation again shortly";
          case "denied" -> "denied: it did not run and will not";
          case "expired" -> "the approval expired undecided: it did not run; ask again if needed";
          default -> null;
        };
    return new RunView(
        r.runId(),
        r.status(),
        r.incidentId(),
        r.runbook(),
        r.kind(),
        r.risk(),
        r.parameters(),
        r.plan(),
        r.approvalId(),
        r.requestedBy(),
        r.approvedBy(),
        r.exitStatus(),
        cut ? out.substring(0, MAX_OUTPUT) : out,
        cut,
        r.error(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.durationMs(),
        replayed,
        next);
  }
}
