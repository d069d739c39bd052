package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.signal.SettleableTable;
import dev.opsmcp.common.signal.Settlements;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Clock;
import java.time.Duration;

/**
 * The approvals remediation runs wait on, through the one settleable core ({@link Settlements}):
 * read with expiry applied, decided once by the conditional update of a pending row (a second
 * decision is a conflict carrying the first, a late one {@code expired}), the run's replicas woken
 * by the approval's signal. Thread-safe.
 */
public final class RunApprovals extends Settlements<Approval> {
  /** Runs never wait here (the sweep and the signal move them on); only the core's waits use it. */
  private static final Duration PROGRESS = Duration.ofSeconds(15);

  public RunApprovals(Database db, Signals signals, Clock clock) {
    super(
        db,
        signals,
        clock,
        PROGRESS,
        new Noun("approval", "decided", "the approval_id of a waiting run (GET /api/v1/runs)"),
        new SettleableTable<>("approval", Approval.class),
        Approval::signalKey);
  }

  /** Records a human's decision, signed with {@code author} (the person's name). */
  public Approval decide(String tenant, String id, boolean approve, String comment, String author)
      throws ToolFailure {
    String status = approve ? "approved" : "denied";
    return settle(
        tenant,
        id,
        (h, now) -> h.attach(ApprovalStore.class).decide(tenant, id, status, comment, author, now),
        (h, before, after) -> {});
  }
}
