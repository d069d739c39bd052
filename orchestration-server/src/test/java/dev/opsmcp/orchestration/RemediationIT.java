package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.messaging.MessagingServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Runbooks and remediation runs through the SDK's real client: a real local HTTP endpoint, real
 * processes, approvals decided by a human through the real messaging server's REST API, and two
 * orchestration replicas on one database.
 */
class RemediationIT {
  static Receiver target;
  static TestServer orch;
  static TestServer replica;
  static TestServer messaging;
  static Agent agent;
  static Agent replicaAgent;
  static Agent other;
  static String human;

  @BeforeAll
  static void start() throws Exception {
    target = new Receiver(0);
    Path file = Files.createTempFile("runbooks", ".yaml");
    Files.writeString(file, runbooks(target.url()));
    Map<String, String> env =
        Map.of("OPSMCP_RUNBOOKS_FILE", file.toString(), "TEST_DEPLOY_TOKEN", "s3cret-token");
    orch = TestServer.start(OrchestrationServer.SPEC, env);
    replica = TestServer.start(OrchestrationServer.SPEC, env, orch.db(), false);
    messaging = TestServer.start(MessagingServer.SPEC, Map.of(), orch.db(), false);
    agent = new Agent(orch.baseUrl(), orch.newKey("acme"));
    replicaAgent = new Agent(replica.baseUrl(), orch.newKey("acme"));
    other = new Agent(orch.baseUrl(), orch.newKey("globex"));
    human = orch.newKey("acme", Scope.MESSAGING_HUMAN);
  }

  @AfterAll
  static void stop() {
    agent.close();
    replicaAgent.close();
    other.close();
    messaging.close();
    replica.close();
    orch.close();
    target.close();
  }

  static String runbooks(String url) {
    return """
        runbooks:
          - name: restart-service
            description: Restart a service's pods
            services: [payments-api, checkout]
            risk: high
            kind: remediation
            timeout_seconds: 10
            parameters:
              service: {type: string, pattern: "[a-z0-9-]{1,40}", description: the service}
              replicas: {type: integer, enum: ["1", "2", "3"], default: 2}
            http:
              method: POST
              url: "URL/restart/{{service}}"
              headers: {Authorization: "Bearer ${env:TEST_DEPLOY_TOKEN}"}
              body: '{"service": "{{service}}", "replicas": {{replicas}}}'
              accept: [200]
          - name: flush-cache
            description: Flush the CDN cache of a path
            services: [web]
            risk: low
            parameters:
              path: {type: string, pattern: "/[a-z0-9/-]{0,80}"}
            http:
              url: "URL/flush{{path}}"
          - name: echo-args
            description: Print each argument on its own line (diagnostic)
            risk: low
            kind: diagnostic
            parameters:
              host: {type: string, pattern: "[A-Za-z0-9.-]{1,64}"}
              note: {type: string, pattern: ".{0,100}", default: "none"}
            command:
              argv: ["/usr/bin/printf", "[%s]\\\\n", "{{host}}", "note={{note}}"]
              working_dir: /tmp
          - name: hang
            description: Never finishes (timeout test)
            risk: low
            kind: diagnostic
            timeout_seconds: 1
            command:
              argv: ["/bin/sh", "-c", "sleep 31.25 & sleep 31.5; echo never"]
        """
        .replace("URL", url);
  }

  static Map<String, Object> newIncident(Agent a) {
    @SuppressWarnings("unchecked")
    Map<String, Object> i =
        (Map<String, Object>)
            a.call("create_incident", Map.of("title", "payments down", "severity", "SEV1"))
                .get("incident");
    return i;
  }

  static Map<String, Object> execute(Agent a, Object incident, String runbook, Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("incident_id", incident, "runbook", runbook));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return a.call("execute_remediation", args);
  }

  static HttpResponse<String> decide(String approvalId, String decision) {
    return Http.postJson(
        messaging.baseUrl() + "/api/v1/approvals/" + approvalId + "/decision",
        Json.write(Map.of("decision", decision, "comment", "ok from test")),
        "Authorization",
        Http.bearer(human));
  }

  static Map<String, Object> awaitFinished(Agent a, String runId) {
    var last = new java.util.concurrent.atomic.AtomicReference<Map<String, Object>>();
    Waits.until(
        "run " + runId + " to finish",
        Duration.ofSeconds(20),
        () -> {
          last.set(a.call("get_remediation", Map.of("run_id", runId)));
          return !List.of("pending_approval", "running").contains(last.get().get("status"));
        });
    return last.get();
  }

  @SuppressWarnings("unchecked")
  static List<String> timelineTexts(Object incident) {
    Map<String, Object> got =
        agent.call(
            "get_incident", Map.of("incident_id", incident, "order", "oldest", "limit", 200));
    return ((List<Map<String, Object>>) got.get("timeline"))
        .stream().map(e -> e.get("kind") + ": " + e.get("text")).toList();
  }

  @Nested
  class Catalog {
    @Test
    void listRunbooks_showsParametersRiskAndApproval_neverSecrets() {
      Agent.Raw raw = agent.rawCall("list_runbooks", Map.of());
      assertThat(raw.text()).doesNotContain("s3cret").contains("restart-service", "echo-args");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> books =
          (List<Map<String, Object>>) raw.structured().get("runbooks");
      Map<String, Object> restart =
          books.stream().filter(b -> b.get("name").equals("restart-service")).findFirst().get();
      assertThat(restart)
          .containsEntry("risk", "high")
          .containsEntry("requires_approval", true)
          .containsEntry("executor", "http");
      assertThat(restart.get("parameters").toString()).contains("pattern=[a-z0-9-]{1,40}");
      Map<String, Object> flush =
          books.stream().filter(b -> b.get("name").equals("flush-cache")).findFirst().get();
      assertThat(flush).containsEntry("requires_approval", false);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> web =
          (List<Map<String, Object>>)
              agent.call("list_runbooks", Map.of("service", "web")).get("runbooks");
      assertThat(web).extracting(b -> b.get("name")).containsExactly("flush-cache");
    }

    @Test
    void refusals_unknownRunbook_patternMismatch_missingRequired_unknownParameter_runNothing() {
      Object inc = newIncident(agent).get("ref");
      int before = target.requests.size();
      assertThat(
              agent.error(
                  "execute_remediation", Map.of("incident_id", inc, "runbook", "reboot-world")))
          .contains("no runbook 'reboot-world'")
          .contains("restart-service");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "restart-service",
                      "parameters",
                      Map.of("service", "Payments API"))))
          .contains("parameter 'service' of runbook restart-service must match the pattern");
      assertThat(
              agent.error(
                  "execute_remediation", Map.of("incident_id", inc, "runbook", "restart-service")))
          .contains("needs parameter 'service'");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "restart-service",
                      "parameters",
                      Map.of("service", "api", "force", true))))
          .contains("has no parameter 'force'");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "restart-service",
                      "parameters",
                      Map.of("service", "api", "replicas", 9))))
          .contains("must be one of [1, 2, 3]");
      assertThat(target.requests).hasSize(before);
    }

    @Test
    void dryRun_showsTheExactRequest_withSecretsAsReferences_andRunsNothing() {
      Object inc = newIncident(agent).get("ref");
      int before = target.requests.size();
      Map<String, Object> dry =
          execute(
              agent,
              inc,
              "restart-service",
              "parameters",
              Map.of("service", "payments-api"),
              "dry_run",
              true);
      assertThat(dry).containsEntry("dry_run", true).containsEntry("requires_approval", true);
      @SuppressWarnings("unchecked")
      Map<String, Object> plan = (Map<String, Object>) dry.get("would_run");
      assertThat(plan)
          .containsEntry("method", "POST")
          .containsEntry("url", target.url() + "/restart/payments-api")
          .containsEntry("body", "{\"service\": \"payments-api\", \"replicas\": 2}");
      assertThat(plan.get("headers").toString())
          .contains("${env:TEST_DEPLOY_TOKEN}")
          .doesNotContain("s3cret");
      assertThat(target.requests).hasSize(before);
    }
  }

  @Nested
  class Runs {
    @Test
    void lowRisk_runsAtOnce_valueUrlEncoded_recordedAndOnTheTimeline() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> run =
          execute(agent, inc, "flush-cache", "parameters", Map.of("path", "/img/logo"));
      assertThat(run)
          .containsEntry("status", "succeeded")
          .containsEntry("exit_status", 200)
          // a value is one encoded segment: it cannot add path segments or a query
          .containsEntry("output", "done /flush%2Fimg%2Flogo");
      assertThat(run.get("requested_by")).isNotNull();
      assertThat(target.to("/flush%2Fimg%2Flogo")).hasSize(1);
      assertThat(timelineTexts(inc))
          .anyMatch(
              t ->
                  t.startsWith(
                      "remediation_started: Runbook flush-cache started (no approval needed)"))
          .anyMatch(
              t ->
                  t.startsWith(
                      "remediation_finished: Runbook flush-cache succeeded (exit status 200)"));
      Map<String, Object> got = agent.call("get_remediation", Map.of("run_id", run.get("run_id")));
      assertThat(got)
          .containsEntry("status", "succeeded")
          .containsEntry("run_id", run.get("run_id"));
    }

    @Test
    void highRisk_waitsForApproval_thenRunsExactlyOnce_withTheApproverOnTheTimeline() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> pending =
          execute(agent, inc, "restart-service", "parameters", Map.of("service", "checkout"));
      assertThat(pending).containsEntry("status", "pending_approval");
      assertThat((String) pending.get("next")).contains("has not run");
      String approvalId = (String) pending.get("approval_id");
      assertThat(approvalId).startsWith("apr_");
      assertThat(target.to("/restart/checkout")).isEmpty();

      HttpResponse<String> approved = decide(approvalId, "approve");
      assertThat(approved.statusCode()).isEqualTo(200);
      Map<String, Object> done = awaitFinished(agent, (String) pending.get("run_id"));
      assertThat(done).containsEntry("status", "succeeded").containsEntry("exit_status", 200);
      assertThat(done.get("approved_by")).isNotNull();
      List<Receiver.Request> hits = target.to("/restart/checkout");
      assertThat(hits).hasSize(1);
      assertThat(hits.get(0).header("Authorization")).isEqualTo("Bearer s3cret-token");
      assertThat(hits.get(0).body()).isEqualTo("{\"service\": \"checkout\", \"replicas\": 2}");
      assertThat(timelineTexts(inc))
          .anyMatch(t -> t.startsWith("remediation_requested: Runbook restart-service (high risk)"))
          .anyMatch(t -> t.contains("started, approved by " + done.get("approved_by")));
      assertThat(
              Http.get(
                      messaging.baseUrl() + "/api/v1/approvals/" + approvalId,
                      "Authorization",
                      Http.bearer(human))
                  .body())
          .contains("\"status\":\"approved\"");
    }

    @Test
    void denied_neverRuns_andExpired_neverRuns() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> denied =
          execute(agent, inc, "restart-service", "parameters", Map.of("service", "denied-svc"));
      assertThat(decide((String) denied.get("approval_id"), "deny").statusCode()).isEqualTo(200);
      Map<String, Object> d = awaitFinished(agent, (String) denied.get("run_id"));
      assertThat(d).containsEntry("status", "denied");
      assertThat((String) d.get("error")).contains("ok from test");

      Map<String, Object> expiring =
          execute(agent, inc, "restart-service", "parameters", Map.of("service", "expired-svc"));
      // the clock: the approval's deadline passes
      orch.db()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate("UPDATE approval SET expires_at = :t WHERE id = :id")
                      .bind("t", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                      .bind("id", expiring.get("approval_id"))
                      .execute());
      Map<String, Object> e = awaitFinished(agent, (String) expiring.get("run_id"));
      assertThat(e).containsEntry("status", "expired");
      assertThat(decide((String) expiring.get("approval_id"), "approve").statusCode())
          .isEqualTo(410);
      assertThat(target.to("/restart/denied-svc")).isEmpty();
      assertThat(target.to("/restart/expired-svc")).isEmpty();
      assertThat(timelineTexts(inc))
          .anyMatch(t -> t.startsWith("remediation_denied:"))
          .anyMatch(t -> t.startsWith("remediation_expired:"));
    }

    @Test
    void repeatedIdempotencyKey_returnsTheExistingRun_neverASecond() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> first =
          execute(
              agent,
              inc,
              "flush-cache",
              "parameters",
              Map.of("path", "/idem"),
              "idempotency_key",
              "flush-idem-1");
      Map<String, Object> again =
          execute(
              agent,
              inc,
              "flush-cache",
              "parameters",
              Map.of("path", "/idem"),
              "idempotency_key",
              "flush-idem-1");
      assertThat(again.get("run_id")).isEqualTo(first.get("run_id"));
      assertThat(again).containsEntry("replayed", true).containsEntry("status", "succeeded");
      assertThat(target.to("/flush%2Fidem")).hasSize(1);
    }

    @Test
    void remediationOnAResolvedIncident_isRefused_diagnosticStillRuns() {
      Object inc = newIncident(agent).get("ref");
      agent.call("update_incident", Map.of("incident_id", inc, "status", "resolved"));
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "flush-cache",
                      "parameters",
                      Map.of("path", "/x"))))
          .contains("is resolved; only diagnostic runbooks run on it");
      Map<String, Object> diag =
          execute(agent, inc, "echo-args", "parameters", Map.of("host", "db1"));
      assertThat(diag).containsEntry("status", "succeeded");
    }

    @Test
    void aRunLeftRunningByAStoppedServer_isMarkedFailed_sayingItMayHavePartlyRun() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> run = execute(agent, inc, "echo-args", "parameters", Map.of("host", "h"));
      // the clock and a crash: the run is still 'running', started long before any timeout ends
      orch.db()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "UPDATE remediation_run SET status = 'running', started_at = :t WHERE id = :id")
                      .bind("t", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(15))
                      .bind("id", run.get("run_id"))
                      .execute());
      Map<String, Object> swept = awaitFinished(agent, (String) run.get("run_id"));
      assertThat(swept).containsEntry("status", "failed");
      assertThat((String) swept.get("error")).contains("may have partly taken effect");
    }

    @Test
    void foreignTenant_seesNeitherTheIncidentNorTheRun() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> run = execute(agent, inc, "echo-args", "parameters", Map.of("host", "h"));
      assertThat(other.error("get_remediation", Map.of("run_id", run.get("run_id"))))
          .contains("no remediation run");
      assertThat(
              other.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "echo-args",
                      "parameters",
                      Map.of("host", "h"))))
          .contains("no incident");
    }
  }

  @Nested
  class Commands {
    @Test
    void parametersAreWholeArguments_shellSyntaxIsInert_newlineRefused() {
      Object inc = newIncident(agent).get("ref");
      Map<String, Object> inert =
          execute(
              agent,
              inc,
              "echo-args",
              "parameters",
              Map.of("host", "db1", "note", "; rm -rf / $(id) `id` | cat"));
      assertThat(inert).containsEntry("status", "succeeded").containsEntry("exit_status", 0);
      assertThat((String) inert.get("output"))
          .isEqualTo("[db1]\n[note=; rm -rf / $(id) `id` | cat]\n");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "echo-args",
                      "parameters",
                      Map.of("host", "; rm -rf /"))))
          .contains("must match the pattern");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "echo-args",
                      "parameters",
                      Map.of("host", "$(id)"))))
          .contains("must match the pattern");
      assertThat(
              agent.error(
                  "execute_remediation",
                  Map.of(
                      "incident_id",
                      inc,
                      "runbook",
                      "echo-args",
                      "parameters",
                      Map.of("host", "db1", "note", "a\nb"))))
          .contains("must match the pattern")
          .contains("a\\nb");
    }

    @Test
    void timeout_killsTheWholeProcessTree() throws Exception {
      Object inc = newIncident(agent).get("ref");
      long start = System.nanoTime();
      Map<String, Object> run = execute(agent, inc, "hang");
      assertThat(run).containsEntry("status", "timed_out");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      Process pgrep = new ProcessBuilder("pgrep", "-f", "sleep 31.(25|5)").start();
      assertThat(new String(pgrep.getInputStream().readAllBytes()).strip()).isEmpty();
    }
  }

  @Nested
  class Replicas {
    @Test
    void approvedRuns_executeExactlyOnce_acrossTwoReplicas() {
      Object inc = newIncident(agent).get("ref");
      List<String> runIds = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Agent a = i % 2 == 0 ? agent : replicaAgent;
        Map<String, Object> p =
            execute(a, inc, "restart-service", "parameters", Map.of("service", "replica-" + i));
        runIds.add((String) p.get("run_id"));
        assertThat(decide((String) p.get("approval_id"), "approve").statusCode()).isEqualTo(200);
      }
      for (String id : runIds) {
        // both replicas are asked, so both try to claim
        replicaAgent.call("get_remediation", Map.of("run_id", id));
        assertThat(awaitFinished(agent, id)).containsEntry("status", "succeeded");
      }
      for (int i = 0; i < 5; i++) {
        assertThat(target.to("/restart/replica-" + i)).hasSize(1);
      }
    }
  }
}
