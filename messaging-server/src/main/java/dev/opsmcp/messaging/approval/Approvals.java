package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.signal.Settlements;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.signal.Waiting;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Events;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Approvals: an agent asks before a risky action; only a human's decision approves it. */
public final class Approvals {
  public static final Set<String> RISKS = Set.of("low", "medium", "high", "critical");

  /**
   * Told of each new approval request (human notification), inside the transaction that stores it.
   */
  @FunctionalInterface
  public interface ApprovalRequested {
    void requested(Handle h, Approval approval);
  }

  private final Database db;
  private final Conversations conversations;
  private final Events events;
  private final Settlements<Approval> settlements;
  private final MessagingSettings settings;
  private final ApprovalRequested onRequested;

  public Approvals(
      Database db,
      Conversations conversations,
      Signals signals,
      Events events,
      MessagingSettings settings,
      Clock clock,
      ApprovalRequested onRequested) {
    this.db = db;
    this.conversations = conversations;
    this.events = events;
    this.settlements =
        new Settlements<>(
            db,
            signals,
            clock,
            settings.progressInterval(),
            new Settlements.Noun(
                "approval", "decided", "the approval_id that request_approval returned"),
            Settlements.Rows.of(
                ApprovalStore.class, ApprovalStore::find, ApprovalStore::expireIfDue),
            Approvals::key);
    this.settings = settings;
    this.onRequested = onRequested;
  }

  static String key(String id) {
    return Approval.signalKey(id);
  }

  public Approval request(
      String tenant, String sessionId, Long incidentId, String action, String details, String risk)
      throws ToolFailure {
    conversations.content("action", action);
    conversations.content("details", details);
    String level = risk == null ? "" : risk.strip().toLowerCase(Locale.ROOT);
    if (!RISKS.contains(level)) {
      throw new ToolFailure("risk " + Echo.of(risk) + " is not one of low, medium, high, critical");
    }
    String id = Ids.newId("apr");
    OffsetDateTime now = settlements.now();
    // The request, its timeline entry and its notification are stored together or not at all.
    return db.jdbi()
        .inTransaction(
            h -> {
              ApprovalStore s = h.attach(ApprovalStore.class);
              s.insert(
                  id,
                  tenant,
                  sessionId,
                  incidentId,
                  action,
                  details,
                  level,
                  now,
                  now.plus(settings.approvalTtl()));
              conversations.post(
                  h, tenant, sessionId, "agent", "approval", action + "\n\n" + details, id, null);
              Approval approval = s.find(tenant, id).orElseThrow();
              onRequested.requested(h, approval);
              h.afterCommit(() -> events.publish(tenant, "approval", sessionId, id));
              return approval;
            });
  }

  public Approval find(String tenant, String id) throws ToolFailure {
    return settlements.find(tenant, id);
  }

  public Approval await(Grant grant, String id, Duration wait, Waiting.Tick tick)
      throws ToolFailure {
    return settlements.await(grant, id, wait, tick);
  }

  /** Pending approvals of the tenant not yet expired, oldest first, after the keyset. */
  public List<Approval> pending(String tenant, OffsetDateTime afterAt, String afterId, int limit) {
    return db.jdbi()
        .withExtension(
            ApprovalStore.class,
            s -> s.pending(tenant, settlements.now(), afterAt, afterId, limit));
  }

  public long countPending(String tenant) {
    return db.jdbi()
        .withExtension(ApprovalStore.class, s -> s.countPending(tenant, settlements.now()));
  }

  /**
   * Records a human's decision, signed with {@code author} (the person's name); deciding twice is a
   * conflict carrying the first decision, an expired request cannot be decided.
   */
  public Approval decide(String tenant, String id, boolean approve, String comment, String author)
      throws ToolFailure {
    conversations.limited("comment", comment);
    String status = approve ? "approved" : "denied";
    String text = status + (comment == null || comment.isBlank() ? "" : ": " + comment);
    Approval decided =
        settlements.settle(
            tenant,
            id,
            (h, now) ->
                h.attach(ApprovalStore.class).decide(tenant, id, status, comment, author, now),
            (h, before, after) -> {
              if (before.sessionId() != null) { // null: a remediation run asked, not a session
                conversations.post(
                    h, tenant, before.sessionId(), "user", "decision", text, id, author);
              }
            });
    if (decided.sessionId() != null) {
      events.publish(tenant, "decision", decided.sessionId(), id);
    }
    return decided;
  }
}
