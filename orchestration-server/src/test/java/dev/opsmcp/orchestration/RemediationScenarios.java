package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.tool.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The remediation runbooks and the approval scenarios, run against whatever hosts the servers:
 * {@code RemediationIT} (one JVM) and {@code dist}'s {@code RemediationProcessesIT} (real server
 * processes) share them through this module's test-jar. {@code agent} and {@code replica} are
 * agents on two orchestration servers over one database (the same one when there is one), the human
 * decides through messaging's REST API with a key named {@code humanName}, and the runbooks call
 * {@code target}.
 */
public final class RemediationScenarios {
  /** The secret the restart runbook's header takes from the environment. */
  public static final String DEPLOY_TOKEN = "s3cret-token";

  private final AgentClient agent;
  private final AgentClient replica;
  private final String messagingUrl;
  private final String humanKey;
  private final String humanName;
  private final Receiver target;

  public RemediationScenarios(
      AgentClient agent,
      AgentClient replica,
      String messagingUrl,
      String humanKey,
      String humanName,
      Receiver target) {
    this.agent = agent;
    this.replica = replica;
    this.messagingUrl = messagingUrl;
    this.humanKey = humanKey;
    this.humanName = humanName;
    this.target = target;
  }

  /** A runbook file of {@link #runbooks} calling {@code url}, and the environment that loads it. */
  public static Map<String, String> env(String url) throws IOException {
    Path file = Files.createTempFile("runbooks", ".yaml");
    Files.writeString(file, runbooks(url));
    return Map.of("OPSMCP_RUNBOOKS_FILE", file.toString(), "TEST_DEPLOY_TOKEN", DEPLOY_TOKEN);
  }

  public static String runbooks(String url) {
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

  public Map<String, Object> newIncident(AgentClient a) {
    @SuppressWarnings("unchecked")
    Map<String, Object> i =
        (Map<String, Object>)
            a.call("create_incident", Map.of("title", "payments down", "severity", "SEV1"))
                .get("incident");
    return i;
  }

  public Map<String, Object> execute(
      AgentClient a, Object incident, String runbook, Object... more) {
    Map<String, Object> args = new HashMap<>(Map.of("incident_id", incident, "runbook", runbook));
    for (int i = 0; i < more.length; i += 2) {
      args.put((String) more[i], more[i + 1]);
    }
    return a.call("execute_remediation", args);
  }

  /** execute_remediation with {@code parameters}, which must be refused; the refusal's text. */
  public String refused(
      AgentClient a, Object incident, String runbook, Map<String, Object> parameters) {
    return a.error(
        "execute_remediation",
        Map.of("incident_id", incident, "runbook", runbook, "parameters", parameters));
  }

  /** The human's decision through messaging's REST API. */
  public HttpResponse<String> decide(String approvalId, String decision) {
    return Http.postJson(
        messagingUrl + "/api/v1/approvals/" + approvalId + "/decision",
        Json.write(Map.of("decision", decision, "comment", "ok from test")),
        "Authorization",
        Http.bearer(humanKey));
  }

  public Map<String, Object> awaitFinished(AgentClient a, String runId) {
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    Waits.until(
        "run " + runId + " to finish",
        Duration.ofSeconds(20),
        () -> {
          last.set(a.call("get_remediation", Map.of("run_id", runId)));
          return !List.of("pending_approval", "running").contains(last.get().get("status"));
        });
    return last.get();
  }

  /** The incident's timeline, oldest first, as {@code kind: text}. */
  @SuppressWarnings("unchecked")
  public List<String> timelineTexts(Object incident) {
    Map<String, Object> got =
        agent.call(
            "get_incident", Map.of("incident_id", incident, "order", "oldest", "limit", 200));
    return ((List<Map<String, Object>>) got.get("timeline"))
        .stream().map(e -> e.get("kind") + ": " + e.get("text")).toList();
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A service name no other scenario on the same target uses. */
  private static String unique(String prefix) {
    return prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
  }

  /** A high-risk run waits; approved, it runs once against the target, named with the approver. */
  public void highRisk_waitsForApproval_thenRunsExactlyOnce_withTheApproverOnTheTimeline() {
    Object inc = newIncident(agent).get("ref");
    String service = unique("checkout");
    Map<String, Object> pending =
        execute(agent, inc, "restart-service", "parameters", Map.of("service", service));
    assertThat(pending).containsEntry("status", "pending_approval");
    assertThat((String) pending.get("next")).contains("has not run");
    String approvalId = (String) pending.get("approval_id");
    assertThat(approvalId).startsWith("apr_");
    assertThat(target.to("/restart/" + service)).isEmpty();

    HttpResponse<String> approved = decide(approvalId, "approve");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    Map<String, Object> done = awaitFinished(agent, (String) pending.get("run_id"));
    assertThat(done)
        .containsEntry("status", "succeeded")
        .containsEntry("exit_status", 200)
        .containsEntry("approved_by", humanName);
    List<Receiver.Request> hits = target.to("/restart/" + service);
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).header("Authorization")).isEqualTo("Bearer " + DEPLOY_TOKEN);
    assertThat(hits.get(0).body()).isEqualTo("{\"service\": \"" + service + "\", \"replicas\": 2}");
    assertThat(timelineTexts(inc))
        .anyMatch(t -> t.startsWith("remediation_requested: Runbook restart-service (high risk)"))
        .anyMatch(t -> t.contains("started, approved by " + humanName))
        .anyMatch(t -> t.startsWith("remediation_finished: Runbook restart-service succeeded"));
    assertThat(
            Http.get(
                    messagingUrl + "/api/v1/approvals/" + approvalId,
                    "Authorization",
                    Http.bearer(humanKey))
                .body())
        .contains("\"status\":\"approved\"");
  }

  /** A denied run never reaches the target; returns the incident's reference. */
  public Object denied_neverRuns() {
    Object inc = newIncident(agent).get("ref");
    String service = unique("denied");
    Map<String, Object> denied =
        execute(agent, inc, "restart-service", "parameters", Map.of("service", service));
    assertThat(decide((String) denied.get("approval_id"), "deny").statusCode()).isEqualTo(200);
    Map<String, Object> d = awaitFinished(agent, (String) denied.get("run_id"));
    assertThat(d).containsEntry("status", "denied");
    assertThat((String) d.get("error")).contains("denied by " + humanName, "ok from test");
    // a second decision cannot turn it around
    assertThat(decide((String) denied.get("approval_id"), "approve").statusCode()).isEqualTo(409);
    pause(Duration.ofMillis(2_500)); // two sweeps of every server: none runs it late
    assertThat(target.to("/restart/" + service)).isEmpty();
    assertThat(agent.call("get_remediation", Map.of("run_id", denied.get("run_id"))))
        .containsEntry("status", "denied");
    assertThat(timelineTexts(inc)).anyMatch(t -> t.startsWith("remediation_denied:"));
    return inc;
  }

  /**
   * Approved runs requested on both servers, each server asked about each run: every run reaches
   * the target exactly once.
   */
  public void approvedRuns_executeExactlyOnce_acrossTwoReplicas() {
    Object inc = newIncident(agent).get("ref");
    List<String> runIds = new ArrayList<>();
    List<String> services = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      AgentClient a = i % 2 == 0 ? agent : replica;
      String service = unique("replica");
      Map<String, Object> p =
          execute(a, inc, "restart-service", "parameters", Map.of("service", service));
      runIds.add((String) p.get("run_id"));
      services.add(service);
      assertThat(decide((String) p.get("approval_id"), "approve").statusCode()).isEqualTo(200);
    }
    for (String id : runIds) {
      // both servers are asked, so both try to claim
      replica.call("get_remediation", Map.of("run_id", id));
      assertThat(awaitFinished(agent, id)).containsEntry("status", "succeeded");
    }
    for (String service : services) {
      assertThat(target.to("/restart/" + service)).as(service).hasSize(1);
    }
    assertThat(timelineTexts(inc))
        .filteredOn(t -> t.startsWith("remediation_started:"))
        .hasSize(runIds.size());
  }

  /**
   * A command runbook's parameters are whole arguments: shell syntax is inert, a newline refused.
   */
  public void commandParametersAreWholeArguments_shellSyntaxIsInert_newlineRefused() {
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
    for (String hostile : List.of("; rm -rf /", "$(id)")) {
      assertThat(refused(agent, inc, "echo-args", Map.of("host", hostile)))
          .contains("must match the pattern");
    }
    assertThat(refused(agent, inc, "echo-args", Map.of("host", "db1", "note", "a\nb")))
        .contains("must match the pattern")
        .contains("a\\nb");
  }
}
