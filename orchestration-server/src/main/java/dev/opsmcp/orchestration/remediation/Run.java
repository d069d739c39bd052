package dev.opsmcp.orchestration.remediation;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One remediation run. status: {@code pending_approval}, {@code running}, {@code succeeded}, {@code
 * failed}, {@code timed_out}, {@code denied} or {@code expired}.
 */
public record Run(
    String runId,
    long incidentId,
    String runbook,
    String kind,
    String risk,
    Map<String, String> parameters,
    Plan plan,
    String idempotencyKey,
    String status,
    String approvalId,
    String requestedBy,
    String approvedBy,
    Integer exitStatus,
    String output,
    String error,
    OffsetDateTime createdAt,
    OffsetDateTime startedAt,
    OffsetDateTime finishedAt,
    Long durationMs) {
  public boolean finished() {
    return !status.equals("pending_approval") && !status.equals("running");
  }
}
