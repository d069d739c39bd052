package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prompt {@code write_postmortem} and the resources {@code incident://{id}}, {@code
 * incident://{id}/postmortem} and {@code runbook://{name}} through the SDK's real client, and
 * another tenant reading none of them.
 */
class PromptAndResourcesIT {
  @Test
  @SuppressWarnings("unchecked")
  void promptAndResources_readTheRecord_andAnotherTenantReadsNothing() throws Exception {
    Path file = Files.createTempFile("runbooks", ".yaml");
    Files.writeString(
        file,
        """
        runbooks:
          - name: flush-cache
            description: Flush the CDN cache
            risk: low
            http:
              url: "http://127.0.0.1:9/flush"
        """);
    try (TestServer orch =
            TestServer.start(
                OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString()));
        AgentClient agent = new AgentClient(orch.baseUrl(), orch.newKey("acme"));
        AgentClient stranger = new AgentClient(orch.baseUrl(), orch.newKey("globex"))) {
      Map<String, Object> incident =
          (Map<String, Object>)
              agent
                  .call("create_incident", Map.of("title", "queue backlog", "severity", "SEV2"))
                  .get("incident");
      String ref = (String) incident.get("ref");
      agent.call(
          "add_timeline_event",
          Map.of("incident_id", ref, "kind", "finding", "text", "consumer lag 40k"));

      List<String> prompt = agent.prompt("write_postmortem", Map.of("incident_id", ref));
      assertThat(String.join("\n", prompt))
          .contains("queue backlog", "consumer lag 40k", "document_resolution");
      assertThat(agent.read("incident://" + ref))
          .contains("\"ref\":\"" + ref + "\"")
          .contains("consumer lag 40k");
      assertThatThrownBy(() -> agent.read("incident://" + ref + "/postmortem"))
          .hasMessageContaining("document_resolution");
      agent.call(
          "document_resolution",
          Map.of("incident_id", ref, "root_cause", "slow consumer", "resolution", "scaled out"));
      assertThat(agent.read("incident://" + ref + "/postmortem"))
          .contains("## Root cause", "slow consumer", "consumer lag 40k");
      assertThat(agent.read("runbook://flush-cache")).contains("\"risk\":\"low\"");

      assertThatThrownBy(() -> stranger.read("incident://" + ref))
          .hasMessageContaining("no incident");
      assertThatThrownBy(() -> stranger.read("incident://" + ref + "/postmortem"))
          .hasMessageContaining("no incident");
      assertThatThrownBy(() -> stranger.prompt("write_postmortem", Map.of("incident_id", ref)))
          .hasMessageContaining("no incident");
    }
  }
}
