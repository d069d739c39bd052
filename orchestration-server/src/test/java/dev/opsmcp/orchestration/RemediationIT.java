package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.messaging.MessagingServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
  static RemediationScenarios scenarios;

  @BeforeAll
  static void start() throws Exception {
    target = new Receiver(0);
    Map<String, String> env = RemediationScenarios.env(target.url());
    orch = TestServer.start(OrchestrationServer.SPEC, env);
    replica = TestServer.start(OrchestrationServer.SPEC, env, orch.db(), false);
    messaging = TestServer.start(MessagingServer.SPEC, Map.of(), orch.db(), false);
    agent = new Agent(orch.baseUrl(), orch.newKey("acme"));
    replicaAgent = new Agent(replica.baseUrl(), orch.newKey("acme"));
    other = new Agent(orch.baseUrl(), orch.newKey("globex"));
    human = orch.newKey("acme", Scope.MESSAGING_HUMAN);
    // TestServer.newKey names every key "test": a decision names the person
    scenarios =
        new RemediationScenarios(agent, replicaAgent, messaging.baseUrl(), human, "test", target);
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

  static Map<String, Object> newIncident(Agent a) {
    return scenarios.newIncident(a);
  }

  static Map<String, Object> execute(Agent a, Object incident, String runbook, Object... more) {
    return scenarios.execute(a, incident, runbook, more);
  }

  static HttpResponse<String> decide(String approvalId, String decision) {
    return scenarios.decide(approvalId, decision);
  }

  static Map<String, Object> awaitFinished(Agent a, String runId) {
    return scenarios.awaitFinished(a, runId);
  }

  static List<String> timelineTexts(Object incident) {
    return scenarios.timelineTexts(incident);
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
              scenarios.refused(agent, inc, "restart-service", Map.of("service", "Payments API")))
          .contains("parameter 'service' of runbook restart-service must match the pattern");
      assertThat(
              agent.error(
                  "execute_remediation", Map.of("incident_id", inc, "runbook", "restart-service")))
          .contains("needs parameter 'service'");
      assertThat(
              scenarios.refused(
                  agent, inc, "restart-service", Map.of("service", "api", "force", true)))
          .contains("has no parameter 'force'");
      assertThat(
              scenarios.refused(
                  agent, inc, "restart-service", Map.of("service", "api", "replicas", 9)))
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
      scenarios.highRisk_waitsForApproval_thenRunsExactlyOnce_withTheApproverOnTheTimeline();
    }

    @Test
    void denied_neverRuns() {
      scenarios.denied_neverRuns();
    }

    @Test
    void expired_neverRuns() {
      Object inc = newIncident(agent).get("ref");
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
      assertThat(target.to("/restart/expired-svc")).isEmpty();
      assertThat(timelineTexts(inc)).anyMatch(t -> t.startsWith("remediation_expired:"));
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
      assertThat(scenarios.refused(agent, inc, "flush-cache", Map.of("path", "/x")))
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
      assertThat(scenarios.refused(other, inc, "echo-args", Map.of("host", "h")))
          .contains("no incident");
    }
  }

  @Nested
  class Commands {
    @Test
    void parametersAreWholeArguments_shellSyntaxIsInert_newlineRefused() {
      scenarios.commandParametersAreWholeArguments_shellSyntaxIsInert_newlineRefused();
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
      scenarios.approvedRuns_executeExactlyOnce_acrossTwoReplicas();
    }
  }
}
