package dev.opsmcp.loganalytics.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.loganalytics.LogAnalyticsFixture;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the jail cannot work, analysis says why and how to fix it, and nothing runs unjailed. */
class JailUnavailableIT {
  @Test
  void missingBwrap_toolExplains_healthDegraded_nothingRuns() throws Exception {
    try (LogAnalyticsFixture la =
        LogAnalyticsFixture.start(Map.of("OPSMCP_BWRAP_PATH", "/nonexistent/bwrap"))) {
      var health = Http.get(la.server.baseUrl() + "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"status\":\"degraded\"")
          .contains("\"analysis\":{\"status\":\"degraded\"")
          .contains("bubblewrap not found at /nonexistent/bwrap")
          .contains("apt-get install bubblewrap");
      McpSyncClient c = la.client(la.key("ju1"));
      String err =
          la.error(
              c,
              "execute_analysis_script",
              Map.of("code", "open('/tmp/opsmcp-unjailed-marker', 'w').write('x')"));
      assertThat(err)
          .contains("analysis is unavailable")
          .contains("bubblewrap not found")
          .contains("OPSMCP_BWRAP_PATH")
          .contains("Nothing was run");
      assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/opsmcp-unjailed-marker")))
          .isFalse();
    }
  }

  @Test
  void uidRangeHeldByAnotherServer_secondServerRefusesAnalysis() throws Exception {
    try (LogAnalyticsFixture first = LogAnalyticsFixture.start(Map.of());
        LogAnalyticsFixture second =
            LogAnalyticsFixture.start(
                Map.of("OPSMCP_ANALYSIS_UID_BASE", Integer.toString(first.uidBase)))) {
      assertThat(Http.get(first.server.baseUrl() + "/health").body())
          .contains("\"analysis\":{\"status\":\"ok\"");
      assertThat(Http.get(second.server.baseUrl() + "/health").body())
          .contains("in use by another OpsMCP process")
          .contains("OPSMCP_ANALYSIS_UID_BASE");
    }
  }

  @Test
  void overlappingUidRange_secondServerRefusesAnalysis_disjointOneWorks() throws Exception {
    try (LogAnalyticsFixture first =
            LogAnalyticsFixture.start(Map.of("OPSMCP_ANALYSIS_CONCURRENCY", "4"));
        LogAnalyticsFixture overlapping =
            LogAnalyticsFixture.start(
                Map.of(
                    "OPSMCP_ANALYSIS_CONCURRENCY",
                    "4",
                    "OPSMCP_ANALYSIS_UID_BASE",
                    Integer.toString(first.uidBase + 2)));
        LogAnalyticsFixture disjoint =
            LogAnalyticsFixture.start(
                Map.of(
                    "OPSMCP_ANALYSIS_CONCURRENCY",
                    "4",
                    "OPSMCP_ANALYSIS_UID_BASE",
                    Integer.toString(first.uidBase + 4)))) {
      assertThat(Http.get(first.server.baseUrl() + "/health").body())
          .contains("\"analysis\":{\"status\":\"ok\"");
      assertThat(Http.get(overlapping.server.baseUrl() + "/health").body())
          .contains("in use by another OpsMCP process")
          .contains("OPSMCP_ANALYSIS_UID_BASE");
      assertThat(Http.get(disjoint.server.baseUrl() + "/health").body())
          .contains("\"analysis\":{\"status\":\"ok\"");
    }
  }
}
