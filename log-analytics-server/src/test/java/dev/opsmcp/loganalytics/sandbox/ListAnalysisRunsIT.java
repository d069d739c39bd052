package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * list_analysis_runs pages with the signed cursor every list uses: newest first, a page at a time,
 * the cursor refused when changed or sent by another tenant. Runs are stored directly, so this
 * needs no sandbox.
 */
class ListAnalysisRunsIT {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(LogAnalyticsServer.SPEC);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void stored(String tenant, String id, String startedAt) {
    new RunStore(server.db())
        .insert(
            tenant,
            new AnalysisRun(
                id,
                "ok",
                0,
                5,
                startedAt,
                null,
                "runs/" + id + "/script.py",
                null,
                "",
                false,
                "",
                false,
                null,
                null,
                List.of(),
                List.of(),
                null));
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("runs"))
        .stream().map(r -> (String) r.get("run_id")).toList();
  }

  @Test
  void pagesNewestFirst_withASignedCursor_refusedWhenChangedOrFromAnotherTenant() {
    try (AgentClient a = server.agent(server.newKey("runs-a", Scope.ANALYSIS_RUN));
        AgentClient b = server.agent(server.newKey("runs-b", Scope.ANALYSIS_RUN))) {
      stored("runs-a", "run_1", "2026-01-01T10:00:00Z");
      stored("runs-a", "run_2", "2026-01-01T11:00:00Z");
      stored("runs-a", "run_3", "2026-01-01T12:00:00Z");
      stored("runs-b", "run_b", "2026-01-01T12:30:00Z");
      Map<String, Object> first = a.call("list_analysis_runs", Map.of("limit", 2));
      assertThat(ids(first)).containsExactly("run_3", "run_2");
      assertThat(first.get("truncated")).isEqualTo(true);
      String cursor = (String) first.get("next_cursor");

      Map<String, Object> second =
          a.call("list_analysis_runs", Map.of("limit", 2, "cursor", cursor));
      assertThat(ids(second)).containsExactly("run_1");
      assertThat(second.get("truncated")).isEqualTo(false);
      assertThat(second.get("next_cursor")).isNull();

      // One character of the payload changed (a middle one carries six whole bits).
      int at = cursor.indexOf('.') / 2;
      String changed =
          cursor.substring(0, at)
              + (cursor.charAt(at) == 'A' ? 'B' : 'A')
              + cursor.substring(at + 1);
      assertThat(a.error("list_analysis_runs", Map.of("cursor", changed))).contains("cursor");
      assertThat(b.error("list_analysis_runs", Map.of("cursor", cursor))).contains("cursor");
    }
  }
}
