package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.messaging.MessagingServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** document_resolution and the postmortem over MCP and REST, from a scripted incident. */
class PostmortemIT {
  static Receiver target;
  static TestServer orch;
  static TestServer messaging;
  static Agent agent;
  static Agent other;
  static String key;
  static String human;

  @BeforeAll
  static void start() throws Exception {
    target = new Receiver(0);
    Path file = Files.createTempFile("runbooks", ".json");
    Files.writeString(
        file,
        """
        {"runbooks": [{"name": "rollback", "description": "Roll back the last deploy",
          "risk": "medium", "parameters": {"service": {"pattern": "[a-z-]+"}},
          "http": {"url": "URL/rollback/{{service}}"}}]}
        """
            .replace("URL", target.url()));
    orch =
        TestServer.start(OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString()));
    messaging = TestServer.start(MessagingServer.SPEC, Map.of(), orch.db(), false);
    key = orch.newKey("acme");
    agent = new Agent(orch.baseUrl(), key);
    other = new Agent(orch.baseUrl(), orch.newKey("globex"));
    human = orch.newKey("acme", Scope.MESSAGING_HUMAN);
  }

  @AfterAll
  static void stop() {
    agent.close();
    other.close();
    messaging.close();
    orch.close();
    target.close();
  }

  @Test
  void documentResolution_buildsThePostmortemFromTheRecord_inTimeOrder_andResolves() {
    @SuppressWarnings("unchecked")
    Map<String, Object> inc =
        (Map<String, Object>)
            agent
                .call(
                    "create_incident",
                    Map.of(
                        "title", "checkout errors",
                        "severity", "SEV2",
                        "services", List.of("checkout"),
                        "summary", "5xx on checkout after deploy 42"))
                .get("incident");
    String ref = (String) inc.get("ref");
    long id = ((Number) inc.get("id")).longValue();
    // what other servers record against the incident, through the shared timeline
    Timeline timeline = new Timeline(orch.db());
    timeline.add(
        "acme",
        id,
        NewEvent.of(
            "analysis_run", "Log analysis run_7: 4,210 timeouts", "log-analytics", "key_x"));
    timeline.add(
        "acme",
        id,
        NewEvent.of("rca_result", "RCA: deploy 42 raised pool size", "monitoring", "key_x"));
    timeline.add(
        "acme",
        id,
        NewEvent.of("question_answered", "Human: yes, roll back", "messaging", "alice"));
    Map<String, Object> pending =
        agent.call(
            "execute_remediation",
            Map.of(
                "incident_id",
                ref,
                "runbook",
                "rollback",
                "parameters",
                Map.of("service", "checkout")));
    HttpResponse<String> approved =
        Http.postJson(
            messaging.baseUrl() + "/api/v1/approvals/" + pending.get("approval_id") + "/decision",
            Json.write(Map.of("decision", "approve")),
            "Authorization",
            Http.bearer(human));
    assertThat(approved.statusCode()).isEqualTo(200);
    Waits.until(
        "the rollback to finish",
        java.time.Duration.ofSeconds(20),
        () ->
            "succeeded"
                .equals(
                    agent
                        .call("get_remediation", Map.of("run_id", pending.get("run_id")))
                        .get("status")));

    Map<String, Object> pm =
        agent.call(
            "document_resolution",
            Map.of(
                "incident_id",
                ref,
                "root_cause",
                "Deploy 42 set the DB pool to 2",
                "resolution",
                "Rolled back to deploy 41",
                "action_items",
                List.of("Alert on pool saturation"),
                "lessons",
                List.of("Canary deploys catch config errors")));
    assertThat(pm).containsEntry("version", 1).containsEntry("incident_status", "resolved");
    String md = (String) pm.get("markdown");
    assertThat(md)
        .startsWith("# Postmortem: " + ref + " checkout errors")
        .contains("5xx on checkout after deploy 42", "- Severity: SEV2", "- Services: checkout")
        .contains("## Root cause\n\nDeploy 42 set the DB pool to 2")
        .contains("## Resolution\n\nRolled back to deploy 41")
        .contains("- [ ] Alert on pool saturation", "- Canary deploys catch config errors")
        .contains("rollback (medium risk, remediation): succeeded, exit status 200")
        // the human's key is labelled "test" (TestServer.newKey): a decision names the person
        .containsPattern("decided by test \\(approval apr_\\w+\\)");
    assertThat(md)
        .containsSubsequence(
            "Incident opened: checkout errors",
            "Log analysis run_7",
            "RCA: deploy 42",
            "Human: yes, roll back",
            "Runbook rollback (medium risk) requested",
            "started, approved by",
            "Runbook rollback succeeded",
            "Status open → resolved",
            "## Root cause");
    assertThat(md).contains("- Resolved: ");

    HttpResponse<String> rest =
        Http.get(
            orch.baseUrl() + "/api/v1/incidents/" + ref + "/postmortem",
            "Authorization",
            Http.bearer(key));
    assertThat(rest.statusCode()).isEqualTo(200);
    assertThat(rest.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
    assertThat(rest.body()).isEqualTo(md);

    agent.call("update_incident", Map.of("incident_id", ref, "status", "closed"));
    Map<String, Object> v2 =
        agent.call(
            "document_resolution",
            Map.of("incident_id", ref, "root_cause", "pool size 2", "resolution", "rollback"));
    assertThat(v2).containsEntry("version", 2).containsEntry("incident_status", "closed");
    assertThat(
            Http.get(
                    orch.baseUrl() + "/api/v1/incidents/" + id + "/postmortem",
                    "Authorization",
                    Http.bearer(key))
                .body())
        .contains("Version 2,");
  }

  @Test
  void refusals_missingRootCause_foreignTenant_noPostmortemYet() {
    @SuppressWarnings("unchecked")
    Map<String, Object> inc =
        (Map<String, Object>)
            agent.call("create_incident", Map.of("title", "x", "severity", "SEV4")).get("incident");
    String ref = (String) inc.get("ref");
    assertThat(agent.error("document_resolution", Map.of("incident_id", ref, "resolution", "r")))
        .contains("missing required argument 'root_cause'");
    assertThat(
            other.error(
                "document_resolution",
                Map.of("incident_id", ref, "root_cause", "c", "resolution", "r")))
        .contains("no incident " + ref);
    HttpResponse<String> none =
        Http.get(
            orch.baseUrl() + "/api/v1/incidents/" + ref + "/postmortem",
            "Authorization",
            Http.bearer(key));
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("\"code\":\"not_found\"").contains("document_resolution");
    String otherKey = orch.newKey("globex");
    assertThat(
            Http.get(
                    orch.baseUrl() + "/api/v1/incidents/" + ref,
                    "Authorization",
                    Http.bearer(otherKey))
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> list =
        Http.get(
            orch.baseUrl() + "/api/v1/incidents?severity=sev4&limit=5",
            "Authorization",
            Http.bearer(key));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"ref\":\"" + ref + "\"");
    assertThat(
            Http.get(
                    orch.baseUrl() + "/api/v1/incidents?limit=0", "Authorization", Http.bearer(key))
                .statusCode())
        .isEqualTo(400);
  }
}
