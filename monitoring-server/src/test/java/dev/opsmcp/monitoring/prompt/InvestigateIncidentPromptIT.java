package dev.opsmcp.monitoring.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.monitoring.MonitoringFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code investigate_incident}: a playbook naming this server's own tools, in order. */
class InvestigateIncidentPromptIT {
  static final List<String> ORDER =
      List.of(
          "get_system_metrics",
          "analyze_logs",
          "root_cause_analysis",
          "list_services",
          "verify_health",
          "record_change");

  @Test
  void playbookNamesOurToolsInOrder() throws Exception {
    try (MonitoringFixture mon = MonitoringFixture.start(Map.of());
        AgentClient agent = mon.server.agent(mon.key("acme"))) {
      List<String> messages = agent.prompt("investigate_incident", Map.of("service", "checkout"));
      assertThat(messages).hasSize(1);
      String text = messages.get(0);
      assertThat(text).contains("checkout");
      int at = -1;
      for (String tool : ORDER) {
        int i = text.indexOf(tool, at + 1);
        assertThat(i).as(tool + " after the previous step").isGreaterThan(at);
        at = i;
      }
      // every tool it names is one this server lists; query_prometheus only when configured
      List<String> listed = mon.server.host().tools().stream().map(t -> t.name()).toList();
      assertThat(listed).containsAll(ORDER);
      assertThat(text).doesNotContain("query_prometheus");
      assertThat(text.length()).isLessThan(2_500);
      assertThatThrownBy(
              () -> agent.prompt("investigate_incident", Map.of("service", "bad name; rm -rf")))
          .hasMessageContaining("not a valid service name");
    }
  }
}
