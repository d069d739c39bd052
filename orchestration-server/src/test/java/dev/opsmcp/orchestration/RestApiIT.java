package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The orchestration REST API on real Jetty: incidents (the tools' twins, same rules), runbooks and
 * runs, channels (admin writes, secrets never shown), scopes, tenants, and the OpenAPI document.
 */
class RestApiIT {
  static Receiver target;
  static TestServer orch;
  static String reader;
  static String writer;
  static String admin;
  static String stranger;

  @BeforeAll
  static void start() throws Exception {
    target = new Receiver(0);
    Path file = Files.createTempFile("runbooks", ".yaml");
    Files.writeString(
        file,
        """
        runbooks:
          - name: flush-cache
            description: Flush the CDN cache of a path
            services: [web]
            risk: low
            parameters:
              path: {type: string, pattern: "/[a-z0-9/-]{0,80}"}
            http:
              url: "URL/flush{{path}}"
          - name: restart
            description: Restart a service
            risk: high
            http:
              method: POST
              url: "URL/restart"
        """
            .replace("URL", target.url()));
    orch =
        TestServer.start(OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString()));
    reader = orch.newKey("acme", Scope.INCIDENTS_READ);
    writer =
        orch.newKey("acme", Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.REMEDIATION_EXECUTE);
    admin = orch.newKey("acme", Scope.ADMIN);
    stranger = orch.newKey("globex", Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.ADMIN);
  }

  @AfterAll
  static void stop() {
    orch.close();
    target.close();
  }

  static HttpResponse<String> call(String method, String path, String body, String key) {
    return Http.send(
        method,
        orch.baseUrl() + "/api/v1" + path,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
        "Authorization",
        Http.bearer(key),
        "Content-Type",
        "application/json");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return (Map<String, Object>) Json.MAPPER.readValue(r.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> create(String title, String service) {
    HttpResponse<String> r =
        call(
            "POST",
            "/incidents",
            Json.write(Map.of("title", title, "severity", "sev3", "services", List.of(service))),
            writer);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return (Map<String, Object>) json(r).get("incident");
  }

  @Nested
  class Incidents {
    @Test
    void createListGetUpdate_followTheToolsRules() {
      String svc = "svc-" + System.nanoTime();
      for (int i = 0; i < 3; i++) {
        create("rest " + i, svc);
      }
      String ref = (String) create("rest last", svc).get("ref");

      Map<String, Object> page =
          json(call("GET", "/incidents?limit=2&service=" + svc, null, reader));
      assertThat(page).containsEntry("truncated", true).containsKey("items");
      assertThat((List<?>) page.get("items")).hasSize(2);
      String cursor = (String) page.get("next_cursor");
      Map<String, Object> rest =
          json(
              call("GET", "/incidents?limit=2&service=" + svc + "&cursor=" + cursor, null, reader));
      assertThat((List<?>) rest.get("items")).hasSize(2);
      assertThat(rest).containsEntry("truncated", false);
      HttpResponse<String> otherFilters =
          call(
              "GET",
              "/incidents?limit=2&severity=SEV1&service=" + svc + "&cursor=" + cursor,
              null,
              reader);
      assertThat(otherFilters.statusCode()).isEqualTo(400);
      assertThat(otherFilters.body()).contains("cursor is not valid for this request");

      HttpResponse<String> moved =
          call("PATCH", "/incidents/" + ref, "{\"status\":\"closed\"}", writer);
      assertThat(moved.statusCode()).isEqualTo(409);
      assertThat(moved.body()).contains("allowed from open");
      HttpResponse<String> ok =
          call(
              "PATCH",
              "/incidents/" + ref,
              "{\"status\":\"investigating\",\"severity\":\"SEV2\"}",
              writer);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body())
          .contains("\"status\":\"INVESTIGATING\"")
          .contains("\"severity\":\"SEV2\"");
      assertThat(
              call(
                      "POST",
                      "/incidents/" + ref + "/events",
                      "{\"kind\":\"finding\",\"text\":\"pool at 100%\"}",
                      writer)
                  .statusCode())
          .isEqualTo(201);

      Map<String, Object> got =
          json(call("GET", "/incidents/" + ref + "?order=oldest&limit=10", null, reader));
      assertThat(got.get("incident").toString()).contains("ref=" + ref);
      assertThat(got.get("timeline").toString())
          .contains("Incident opened: rest last", "Status open → investigating", "pool at 100%");

      HttpResponse<String> badSeverity =
          call("POST", "/incidents", "{\"title\":\"t\",\"severity\":\"SEV9\"}", writer);
      assertThat(badSeverity.statusCode()).isEqualTo(400);
      assertThat(badSeverity.body()).contains("SEV1 (outage)");
      HttpResponse<String> wrongType =
          call(
              "POST",
              "/incidents",
              "{\"title\":\"t\",\"severity\":\"SEV3\",\"services\":\"web\"}",
              writer);
      assertThat(wrongType.statusCode()).isEqualTo(400);
      assertThat(wrongType.body()).contains("services");
    }

    @Test
    void dedupeKey_answers200WithTheOpenIncident() {
      String body =
          "{\"title\":\"disk\",\"severity\":\"SEV4\",\"dedupe_key\":\"k-"
              + System.nanoTime()
              + "\"}";
      HttpResponse<String> first = call("POST", "/incidents", body, writer);
      HttpResponse<String> again = call("POST", "/incidents", body, writer);
      assertThat(first.statusCode()).isEqualTo(201);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).contains("\"deduplicated\":true");
    }

    @Test
    void scopesAndTenants_areEnforced() {
      String ref = (String) create("scoped", "web").get("ref");
      assertThat(
              call("POST", "/incidents", "{\"title\":\"t\",\"severity\":\"SEV3\"}", reader)
                  .statusCode())
          .isEqualTo(403);
      assertThat(call("GET", "/incidents/" + ref, null, stranger).statusCode()).isEqualTo(404);
      assertThat(call("PATCH", "/incidents/" + ref, "{\"summary\":\"x\"}", stranger).statusCode())
          .isEqualTo(404);
      assertThat(call("GET", "/incidents/" + ref + "/postmortem", null, stranger).statusCode())
          .isEqualTo(404);
      String human = orch.newKey("acme", Scope.MESSAGING_HUMAN);
      assertThat(call("GET", "/incidents/" + ref, null, human).statusCode()).isEqualTo(403);
      assertThat(call("PATCH", "/incidents/" + ref, "{\"summary\":\"x\"}", human).statusCode())
          .isEqualTo(403);
    }
  }

  @Nested
  class RunbooksAndRuns {
    @Test
    void runbooksAndAnIncidentsRuns_areListed_otherTenantsRunsAreNot() {
      String ref = (String) create("cdn stale", "web").get("ref");
      try (Agent agent = new Agent(orch.baseUrl(), writer)) {
        Map<String, Object> run =
            agent.call(
                "execute_remediation",
                Map.of(
                    "incident_id",
                    ref,
                    "runbook",
                    "flush-cache",
                    "parameters",
                    Map.of("path", "/img")));
        String runId = (String) run.get("run_id");
        assertThat(call("GET", "/runbooks", null, reader).body())
            .contains("\"name\":\"flush-cache\"");
        assertThat(call("GET", "/runbooks/flush-cache", null, reader).body())
            .contains("\"risk\":\"low\"");
        assertThat(call("GET", "/runbooks/nope", null, reader).statusCode()).isEqualTo(404);
        Map<String, Object> runs = json(call("GET", "/runs?incident_id=" + ref, null, reader));
        assertThat(runs.get("items").toString()).contains("run_id=" + runId, "status=succeeded");
        assertThat(call("GET", "/runs/" + runId, null, reader).body())
            .contains("\"runbook\":\"flush-cache\"");
        assertThat(call("GET", "/runs/" + runId, null, stranger).statusCode()).isEqualTo(404);
        assertThat(json(call("GET", "/runs", null, stranger)).get("items")).isEqualTo(List.of());
        assertThat(call("GET", "/runs?incident_id=" + ref, null, stranger).statusCode())
            .isEqualTo(404);
      }
    }
  }

  @Nested
  class Approvals {
    @Test
    void aHumanDeniesAWaitingRun_once_andItNeverRuns() throws Exception {
      String ref = (String) create("deny me", "web").get("ref");
      try (Agent agent = new Agent(orch.baseUrl(), writer)) {
        Map<String, Object> run =
            agent.call("execute_remediation", Map.of("incident_id", ref, "runbook", "restart"));
        assertThat(run).containsEntry("status", "pending_approval");
        String path = "/approvals/" + run.get("approval_id") + "/decision";
        String deny = "{\"decision\":\"deny\",\"comment\":\"not during peak\"}";
        assertThat(call("POST", path, deny, writer).statusCode()).isEqualTo(403);
        String foreignHuman = orch.newKey("globex", Scope.MESSAGING_HUMAN);
        assertThat(call("POST", path, deny, foreignHuman).statusCode()).isEqualTo(404);
        String human = orch.newKey("acme", Scope.MESSAGING_HUMAN);
        HttpResponse<String> bad = call("POST", path, "{\"decision\":\"maybe\"}", human);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("approve or deny");
        HttpResponse<String> denied = call("POST", path, deny, human);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        assertThat(denied.body()).contains("\"status\":\"denied\"");
        // signed with the person's name (the key's label), not a credential id
        assertThat(json(denied)).containsEntry("decided_by", "test");
        HttpResponse<String> again = call("POST", path, deny, human);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already decided (denied)");
        // both decisions are audited: the one that counted, and the refused second
        String approvalId = (String) run.get("approval_id");
        java.util.List<String> audited =
            orch.db()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT outcome FROM audit_event WHERE tenant_id = 'acme'"
                                    + " AND action = 'rest:approval_decision' AND target = :id"
                                    + " ORDER BY id")
                            .bind("id", approvalId)
                            .mapTo(String.class)
                            .list());
        assertThat(audited).containsExactly("tool_error", "ok", "tool_error");
        String status = null;
        for (int i = 0; i < 50 && !"denied".equals(status); i++) {
          Thread.sleep(100);
          status =
              (String) json(call("GET", "/runs/" + run.get("run_id"), null, reader)).get("status");
        }
        assertThat(status).isEqualTo("denied");
        assertThat(target.to("/restart")).isEmpty();
      }
    }
  }

  @Nested
  class Channels {
    @Test
    void adminAddsAndRemovesChannels_secretsAndUrlPathsAreNeverShown() {
      String body =
          "{\"kind\":\"webhook\",\"url\":\"https://hooks.example.com/T000/secret-path\","
              + "\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}";
      assertThat(call("POST", "/channels", body, writer).statusCode()).isEqualTo(403);
      HttpResponse<String> added = call("POST", "/channels", body, admin);
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      assertThat(added.body()).contains("\"signed\":true").doesNotContain("whsec_", "secret-path");
      String id = (String) json(added).get("id");
      String listed = call("GET", "/channels", null, reader).body();
      assertThat(listed).contains(id).doesNotContain("whsec_", "secret-path");
      assertThat(call("GET", "/channels", null, stranger).body()).doesNotContain(id);
      assertThat(call("DELETE", "/channels/" + id, null, stranger).statusCode()).isEqualTo(404);
      HttpResponse<String> bad =
          call("POST", "/channels", "{\"kind\":\"pager\",\"url\":\"https://x\"}", admin);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("not slack or webhook");
      assertThat(call("DELETE", "/channels/" + id, null, admin).statusCode()).isEqualTo(204);
      assertThat(call("GET", "/channels", null, reader).body()).doesNotContain(id);
    }
  }

  @Test
  void openApiDocument_isGeneratedFromTheRoutes() {
    String doc = call("GET", "/openapi.json", null, reader).body();
    assertThat(doc)
        .contains(
            "\"/incidents\"",
            "\"/incidents/{id}\"",
            "\"/incidents/{id}/postmortem\"",
            "\"/incidents/{id}/events\"",
            "\"/runbooks\"",
            "\"/runs\"",
            "\"/runs/{id}\"",
            "\"/channels/{id}\"",
            "\"/approvals/{id}/decision\"",
            "\"/alerts/alertmanager\"",
            "\"/alerts/grafana\"");
    assertThat(doc).contains("Needs one of the scopes: alerts:write.");
  }
}
