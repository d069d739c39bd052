package dev.opsmcp.loganalytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.TestClock;
import dev.opsmcp.common.testing.TestDatabases;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.loganalytics.LogAnalyticsServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** {@code window} counts back from the process's clock, not the wall clock. */
class WindowClockIT {
  @Test
  void window_endsAtTheContextsClock_andMovesWithIt() throws Exception {
    Instant then = Instant.parse("2031-03-01T09:00:00Z");
    TestClock clock = new TestClock(then);
    try (TestServer server =
            TestServer.start(
                LogAnalyticsServer.SPEC,
                Map.of(
                    "OPSMCP_ANALYSIS_UID_BASE",
                    Integer.toString(300_000 + ThreadLocalRandom.current().nextInt(50_000) * 16)),
                TestDatabases.fresh(),
                true,
                clock);
        AgentClient agent =
            new AgentClient(server.baseUrl(), server.newKey("wc", Scope.LOGS_READ))) {
      Map<String, Object> page = agent.call("get_raw_logs", Map.of("window", "2h"));
      assertThat(page.get("window_end")).isEqualTo(then.toString());
      assertThat(page.get("window_start")).isEqualTo(then.minus(Duration.ofHours(2)).toString());

      clock.advance(Duration.ofMinutes(30));
      Map<String, Object> later = agent.call("get_raw_logs", Map.of("timeframe", "15m"));
      assertThat(later.get("window_end")).isEqualTo(then.plus(Duration.ofMinutes(30)).toString());
      assertThat(later.get("window_start")).isEqualTo(then.plus(Duration.ofMinutes(15)).toString());
    }
  }
}
