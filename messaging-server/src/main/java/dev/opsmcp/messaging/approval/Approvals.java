package dev.opsmcp.messaging.approval;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.MessagingSettings;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Events;
import dev.opsmcp.messaging.wait.Waiting;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
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
  private final Signals signals;
  private final Events events;
  private final Waiting waiting;
  private final MessagingSettings settings;
  private final ApprovalRequested onRequested;

  public Approvals(
      Database db,
      Conversations conversations,
      Signals signals,
      Events events,
      MessagingSettings settings,
      ApprovalRequested onRequested) {
    this.db = db;
    this.conversations = conversations;
    this.signals = signals;
    this.events = events;
    this.waiting = new Waiting(signals, settings.progressInterval());
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
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
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
    Approval a = read(tenant, id);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (a.pending() && !a.expiresAt().isAfter(now)) { // write only when expiry is due
      db.jdbi().useExtension(ApprovalStore.class, s -> s.expireIfDue(tenant, id, now));
      a = read(tenant, id);
    }
    return a;
  }

  private Approval read(String tenant, String id) throws ToolFailure {
    return (StoredText.storable(id)
            ? db.jdbi().withExtension(ApprovalStore.class, s -> s.find(tenant, id))
            : Optional.<Approval>empty())
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.NOT_FOUND,
                    "no approval "
                        + Echo.shortened(id)
                        + " in your tenant; use the approval_id that request_approval returned"));
  }

  public Approval await(Grant grant, String id, Duration wait, Waiting.Tick tick)
      throws ToolFailure {
    String tenant = grant.caller().tenant();
    return waiting.until(grant, key(id), wait, () -> find(tenant, id), a -> !a.pending(), tick);
  }

  /**
   * Records a human's decision; deciding twice is a conflict, an expired request cannot be decided.
   */
  public Approval decide(String tenant, String id, boolean approve, String comment, String author)
      throws ToolFailure {
    conversations.limited("comment", comment);
    Approval a = find(tenant, id);
    String status = approve ? "approved" : "denied";
    int changed =
        db.jdbi()
            .withExtension(
                ApprovalStore.class,
                s ->
                    s.decide(
                        tenant, id, status, comment, author, OffsetDateTime.now(ZoneOffset.UTC)));
    if (changed == 0) {
      Approval now = find(tenant, id);
      if ("expired".equals(now.status())) {
        throw new ToolFailure(
            ToolFailure.Kind.EXPIRED,
            "approval " + id + " expired undecided; the agent must ask again");
      }
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "approval " + id + " was already decided",
          java.util.Map.of("approval", now));
    }
    String text = status + (comment == null || comment.isBlank() ? "" : ": " + comment);
    if (a.sessionId() != null) { // null: a remediation run asked, not a messaging session
      conversations.post(tenant, a.sessionId(), "user", "decision", text, id, author);
    }
    Approval decided = find(tenant, id);
    signals.signal(key(id));
    if (a.sessionId() != null) {
      events.publish(tenant, "decision", a.sessionId(), id);
    }
    return decided;
  }
}
