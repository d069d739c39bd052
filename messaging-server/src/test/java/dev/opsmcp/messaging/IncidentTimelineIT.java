package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.testing.TestServer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session that names an incident puts its questions and approvals on the incident timeline. */
class IncidentTimelineIT {
  @Test
  void approvalAndQuestion_ofASessionNamingAnIncident_landOnItsTimeline_once() throws Exception {
    try (TestServer server = TestServer.start(MessagingServer.SPEC)) {
      Agent agent = new Agent(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT));
      Human human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
      Incident incident =
          new IncidentStore(server.db())
              .create(
                  "acme",
                  "db down",
                  Severity.SEV1,
                  List.of("db"),
                  OffsetDateTime.now(ZoneOffset.UTC));
      Map<String, Object> pending =
          agent.call(
              "request_approval",
              Map.of(
                  "action", "fail over the database",
                  "details", "primary is down",
                  "risk", "high",
                  "incident_id", incident.ref(),
                  "wait_seconds", 0));
      String session = (String) pending.get("session_id");
      assertThat(human.decide((String) pending.get("approval_id"), "approve", "go").statusCode())
          .isEqualTo(200);
      Map<String, Object> asked =
          agent.call(
              "ask_question",
              Map.of("question", "Notify customers?", "session_id", session, "wait_seconds", 0));
      assertThat(human.answer((String) asked.get("question_id"), "yes").statusCode())
          .isEqualTo(200);

      Timeline timeline = new Timeline(server.db());
      List<String> expected =
          List.of(
              "created",
              "approval_requested",
              "approval_decided",
              "question_asked",
              "question_answered");
      long deadline = System.nanoTime() + 15_000_000_000L;
      List<TimelineEvent> events = List.of();
      while (System.nanoTime() < deadline) {
        events = timeline.page("acme", incident.id(), false, null, 50).items();
        if (events.size() >= expected.size()) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(events).extracting(TimelineEvent::kind).containsExactlyElementsOf(expected);
      assertThat(events.get(2).text()).isEqualTo("Approval approved: go");
      assertThat(events.get(4).text()).isEqualTo("Human answered: yes");
      assertThat(events.subList(1, 5))
          .allSatisfy(e -> assertThat(e.source()).isEqualTo("messaging"));
      agent.close();
    }
  }

  @Test
  void askQuestion_takesTheIncidentsIdOrReference_andRefusesAForeignOrUnknownOne()
      throws Exception {
    try (TestServer server = TestServer.start(MessagingServer.SPEC);
        Agent agent = new Agent(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_AGENT))) {
      Human human = new Human(server.baseUrl(), server.newKey("acme", Scope.MESSAGING_HUMAN));
      IncidentStore store = new IncidentStore(server.db());
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      Incident byId = store.create("acme", "cache cold", Severity.SEV3, List.of("cache"), now);
      Incident byRef = store.create("acme", "queue stuck", Severity.SEV2, List.of("queue"), now);
      server.newKey("globex", Scope.MESSAGING_AGENT); // the other tenant exists
      Incident foreign = null;
      for (int i = 0; i < 3; i++) { // INC-3 there; acme has only INC-1 and INC-2
        foreign = store.create("globex", "their outage", Severity.SEV1, List.of("x"), now);
      }
      assertThat(foreign.ref()).isEqualTo("INC-3");

      for (var c :
          List.of(
              Map.entry(String.valueOf(byId.id()), byId.ref()),
              Map.entry(byRef.ref().toLowerCase(java.util.Locale.ROOT), byRef.ref()))) {
        Map<String, Object> asked =
            agent.call(
                "ask_question",
                Map.of(
                    "question", "Page the owner?", "incident_id", c.getKey(), "wait_seconds", 0));
        assertThat(asked).containsEntry("status", "pending");
        String session = (String) asked.get("session_id");
        assertThat(Human.json(human.get("/sessions/" + session)))
            .as(c.getKey())
            .containsEntry("incident_id", c.getValue());
      }

      for (String other :
          List.of(foreign.ref(), String.valueOf(foreign.id()), "INC-999999", "9999999")) {
        assertThat(
                agent.error(
                    "ask_question",
                    Map.of("question", "q?", "incident_id", other, "wait_seconds", 0)))
            .as(other)
            .contains("no incident", "in your tenant", "list_incidents");
      }
      assertThat(
              agent.error(
                  "ask_question",
                  Map.of("question", "q?", "incident_id", "yesterday's", "wait_seconds", 0)))
          .contains("is not an incident id", "INC-42");
      assertThat(Human.json(human.get("/questions?status=pending")).get("items"))
          .asList()
          .hasSize(2);
    }
  }
}
