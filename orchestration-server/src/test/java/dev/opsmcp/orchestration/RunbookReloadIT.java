package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbook file is re-read when it changes; a broken edit keeps the last good set. */
class RunbookReloadIT {
  static final String ONE =
      """
      runbooks:
        - name: first
          description: one
          risk: low
          command: {argv: ["/bin/true"]}
      """;

  @SuppressWarnings("unchecked")
  static List<String> names(Agent agent) {
    return ((List<Map<String, Object>>) agent.call("list_runbooks", Map.of()).get("runbooks"))
        .stream().map(r -> (String) r.get("name")).toList();
  }

  @Test
  void aChangedFile_isReloaded_aBrokenOne_keepsTheLastGoodSet_andSaysSo() throws Exception {
    Path file = Files.createTempFile("runbooks", ".yml");
    Files.writeString(file, ONE);
    try (TestServer orch =
            TestServer.start(
                OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString()));
        Agent agent = new Agent(orch.baseUrl(), orch.newKey("acme"))) {
      assertThat(names(agent)).containsExactly("first");

      Files.writeString(
          file,
          ONE
              + """
                - name: second
                  description: two
                  risk: medium
                  command: {argv: ["/bin/true"]}
              """);
      Waits.until("the new runbook", Duration.ofSeconds(10), () -> names(agent).contains("second"));
      assertThat(names(agent)).containsExactly("first", "second");

      Files.writeString(file, "runbooks:\n  - name: Bad Name\n    risk: extreme\n");
      Waits.until(
          "the problem to show",
          Duration.ofSeconds(10),
          () -> agent.call("list_runbooks", Map.of()).get("note") != null);
      assertThat(names(agent)).containsExactly("first", "second");
      assertThat((String) agent.call("list_runbooks", Map.of()).get("note")).contains("last good");
      String health = Http.get(orch.baseUrl() + "/health").body();
      assertThat(health).contains("\"degraded\"").contains("runbook name 'Bad Name'");
    }
  }

  @Test
  void aBrokenFileAtStart_stopsTheServer_namingTheProblem() throws Exception {
    Path file = Files.createTempFile("runbooks", ".yml");
    Files.writeString(file, "runbooks:\n  - name: x\n    description: d\n    risk: low\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                TestServer.start(
                    OrchestrationServer.SPEC, Map.of("OPSMCP_RUNBOOKS_FILE", file.toString())))
        .hasMessageContaining("OPSMCP_RUNBOOKS_FILE")
        .hasMessageContaining("needs exactly one executor");
  }
}
