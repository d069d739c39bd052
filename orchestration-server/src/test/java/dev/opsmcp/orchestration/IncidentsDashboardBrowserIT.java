package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.BrowserScript;
import dev.opsmcp.common.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The incidents dashboard in Debian's headless Chromium ({@code e2e/dashboard/incidents.mjs})
 * against a real orchestration server: a human opens an incident, approves its waiting remediation
 * inline, the run executes against a real local HTTP endpoint and names its approver, and a
 * resolved incident's postmortem is rendered. Screenshots go to {@code target/artifacts/}.
 */
class IncidentsDashboardBrowserIT {
  private static final Path ARTIFACTS = Path.of("target/artifacts").toAbsolutePath();
  private static final String COMMENT = "Go ahead; watch the error rate";
  private static final String LITERAL = "<img src=x onerror=alert(1)>";

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void humanApprovesARemediationInline_andReadsThePostmortem() throws Exception {
    BrowserScript script = installOrSkip();
    try (Receiver target = new Receiver(0)) {
      Path file = Files.createTempFile("runbooks", ".yaml");
      Files.writeString(
          file,
          """
          runbooks:
            - name: restart-service
              description: Restart a service
              risk: high
              parameters:
                service: {type: string, pattern: "[a-z0-9-]{1,40}"}
              http:
                method: POST
                url: "URL/restart/{{service}}"
          """
              .replace("URL", target.url()));
      try (TestServer orch =
              TestServer.start(
                  OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString()));
          Agent agent = new Agent(orch.baseUrl(), orch.newKey("acme"))) {
        String pending = incident(agent, "payments 5xx");
        Map<String, Object> run =
            agent.call(
                "execute_remediation",
                Map.of(
                    "incident_id",
                    pending,
                    "runbook",
                    "restart-service",
                    "parameters",
                    Map.of("service", "payments-api")));
        assertThat(run).containsEntry("status", "pending_approval");
        String resolved = incident(agent, "disk full");
        agent.call(
            "document_resolution",
            Map.of(
                "incident_id",
                resolved,
                "root_cause",
                "log rotation was off",
                "resolution",
                "rotated and enabled logrotate",
                "action_items",
                List.of("alert at 80% disk")));

        BrowserScript.Result result =
            script.run(
                List.of(
                    "--url", orch.baseUrl(),
                    "--pending", pending,
                    "--resolved", resolved,
                    "--comment", COMMENT,
                    "--literal", LITERAL,
                    "--out", ARTIFACTS.toString()),
                Map.of(
                    "DASHBOARD_KEY",
                    orch.newKey("acme", Scope.INCIDENTS_READ, Scope.MESSAGING_HUMAN),
                    "DASHBOARD_AGENT_KEY",
                    orch.newKey("acme", Scope.MESSAGING_HUMAN)),
                ARTIFACTS.resolve("incidents-e2e.log"),
                Duration.ofMinutes(3),
                line -> {});

        assertThat(result.exitCode()).as("the browser script:\n%s", result.output()).isZero();
        assertThat(target.to("/restart/payments-api")).hasSize(1);
        Map<String, Object> after =
            agent.call("get_remediation", Map.of("run_id", run.get("run_id")));
        assertThat(after).containsEntry("status", "succeeded");
        // the person who approved (the human key's label), not a credential id
        assertThat(after).containsEntry("approved_by", "test");
        assertThat(ARTIFACTS.resolve("incidents.png")).isRegularFile();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static String incident(Agent agent, String title) {
    Map<String, Object> i =
        (Map<String, Object>)
            agent
                .call(
                    "create_incident",
                    Map.of("title", title, "severity", "SEV2", "services", List.of("payments-api")))
                .get("incident");
    String ref = (String) i.get("ref");
    agent.call(
        "add_timeline_event",
        Map.of("incident_id", ref, "kind", "finding", "text", "log line " + LITERAL));
    return ref;
  }

  private static BrowserScript installOrSkip() throws Exception {
    try {
      return BrowserScript.install("incidents.mjs");
    } catch (BrowserScript.Unavailable e) {
      String why =
          "The incidents dashboard test needs Chromium, Node 20+ and npm: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        return fail(why);
      }
      return abort(why + ". Skipped; with CI=true this fails instead.");
    }
  }
}
