package dev.opsmcp.messaging;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.messaging.approval.Approvals;
import dev.opsmcp.messaging.question.Question;
import dev.opsmcp.messaging.question.Questions;
import dev.opsmcp.messaging.session.Conversations;
import dev.opsmcp.messaging.session.Events;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts questions, answers, approval requests and decisions of a session that names an incident on
 * that incident's timeline. Listens to messaging's events; every replica hears each event, and the
 * timeline records an event once per (kind, id), so each lands once. Close to stop.
 */
final class IncidentRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentRecorder.class);

  private final Conversations conversations;
  private final Questions questions;
  private final Approvals approvals;
  private final IncidentStore incidents;
  private final Timeline timeline;
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
  private final AutoCloseable listening;

  IncidentRecorder(
      Database db,
      Signals signals,
      Conversations conversations,
      Questions questions,
      Approvals approvals) {
    this.conversations = conversations;
    this.questions = questions;
    this.approvals = approvals;
    this.incidents = new IncidentStore(db);
    this.timeline = new Timeline(db);
    this.listening =
        signals.listen(key -> Events.parse(key).ifPresent(e -> work.submit(() -> record(e))));
  }

  private void record(Events.Event e) {
    try {
      Map<?, ?> m = Json.MAPPER.readValue(e.json(), Map.class);
      String type = String.valueOf(m.get("type"));
      String id = String.valueOf(m.get("id"));
      String tenant = e.tenant();
      switch (type) {
        case "question", "answer" -> {
          // The event names the question's session: without an incident there, nothing to read.
          Object session = m.get("session_id");
          Incident incident =
              incidentOf(
                  tenant,
                  null,
                  session != null ? session.toString() : questions.find(tenant, id).sessionId());
          if (incident == null) {
            return;
          }
          Question q = questions.find(tenant, id);
          NewEvent event =
              type.equals("question")
                  ? new NewEvent(
                      "question_asked",
                      "Agent asked: " + q.question(),
                      "messaging",
                      null,
                      q.id(),
                      q.createdAt())
                  : new NewEvent(
                      "question_answered",
                      "Human answered: " + q.answer(),
                      "messaging",
                      q.answeredBy(),
                      q.id(),
                      q.answeredAt());
          timeline.addOnce(tenant, incident.id(), List.of(event));
        }
        case "approval", "decision" -> {
          Approval a = approvals.find(tenant, id);
          Incident incident = incidentOf(tenant, a.incidentId(), a.sessionId());
          if (incident == null) {
            return;
          }
          NewEvent event =
              type.equals("approval")
                  ? new NewEvent(
                      "approval_requested",
                      "Approval requested (" + a.risk() + " risk): " + a.action(),
                      "messaging",
                      null,
                      a.id(),
                      a.createdAt())
                  : new NewEvent(
                      "approval_decided",
                      "Approval "
                          + a.status()
                          + (a.decisionComment() == null ? "" : ": " + a.decisionComment()),
                      "messaging",
                      a.decidedBy(),
                      a.id(),
                      a.decidedAt());
          timeline.addOnce(tenant, incident.id(), List.of(event));
        }
        default -> {}
      }
    } catch (ToolFailure | RuntimeException ex) {
      LOG.debug("not recorded on an incident timeline: {} ({})", e.json(), ex.toString());
    }
  }

  /** The incident an approval or its session names, when it is one of the tenant's. */
  private Incident incidentOf(String tenant, String named, String sessionId) throws ToolFailure {
    String ref = named;
    if (ref == null && sessionId != null) {
      ref = conversations.find(tenant, sessionId).incidentId();
    }
    if (ref == null) {
      return null;
    }
    try {
      return incidents.resolve(tenant, ref);
    } catch (ToolFailure notAnIncident) {
      return null; // a free-text incident name from before incidents had ids
    }
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (Exception ex) {
      LOG.debug("closing the listener", ex);
    }
    work.shutdownNow();
  }
}
