package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsFilterTest {
  @Test
  void theRouteIsTheFirstSegmentOfTheServletMapping() {
    assertThat(RequestMetricsFilter.firstSegment("/api/v1/*")).isEqualTo("/api");
    assertThat(RequestMetricsFilter.firstSegment("/mcp/*")).isEqualTo("/mcp");
    assertThat(RequestMetricsFilter.firstSegment("/health")).isEqualTo("/health");
    assertThat(RequestMetricsFilter.firstSegment("*.js")).isEqualTo("other");
    assertThat(RequestMetricsFilter.firstSegment("")).isEqualTo("other");
  }
}
