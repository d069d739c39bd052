package dev.opsmcp.loganalytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  @Test
  void timeframes_parse() throws Exception {
    assertThat(TimeWindow.timeframe("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(TimeWindow.timeframe(" 2h")).isEqualTo(Duration.ofHours(2));
    assertThat(TimeWindow.timeframe("1D")).isEqualTo(Duration.ofDays(1));
    assertThat(TimeWindow.timeframe("30s")).isEqualTo(Duration.ofSeconds(30));
    for (String bad : new String[] {"0m", "15", "m", "1y", "-5m", "1.5h"}) {
      assertThatThrownBy(() -> TimeWindow.timeframe(bad)).as(bad).isInstanceOf(ToolFailure.class);
    }
  }

  @Test
  void instants_rfc3339WithOffset() throws Exception {
    assertThat(TimeWindow.instant("start", "2025-01-31T14:05:00+01:00"))
        .isEqualTo(Instant.parse("2025-01-31T13:05:00Z"));
    assertThatThrownBy(() -> TimeWindow.instant("start", "2025-01-31"))
        .hasMessageContaining("RFC 3339");
  }
}
