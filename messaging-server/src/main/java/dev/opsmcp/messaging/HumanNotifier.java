package dev.opsmcp.messaging;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.notify.Notification;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.messaging.question.Question;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Tells a tenant's channels that a human is needed: a new question or approval request, queued in
 * the transaction that stores it, with a link built from this server's own URL (the public URL, or
 * the bound address).
 */
final class HumanNotifier {
  private final Outbox outbox;
  private final Supplier<String> dashboardUrl;

  HumanNotifier(Outbox outbox, Supplier<String> dashboardUrl) {
    this.outbox = outbox;
    this.dashboardUrl = dashboardUrl;
  }

  void questionAsked(Handle h, Question q) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("question_id", q.id());
    fields.put("session_id", q.sessionId());
    fields.put("question", q.question());
    outbox.enqueue(
        h,
        q.tenantId(),
        new Notification(
            "question",
            "An agent is waiting for your answer",
            q.question(),
            link(q.sessionId()),
            fields));
  }

  void approvalRequested(Handle h, Approval a) {
    outbox.enqueue(h, a.tenantId(), a.requested(link(a.sessionId())));
  }

  private String link(String sessionId) {
    return dashboardUrl.get() + "/#session=" + sessionId;
  }
}
