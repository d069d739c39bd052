package dev.opsmcp.common.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  static final Instant NOW = Instant.parse("2025-01-31T12:00:00Z");

  @Test
  void of_windowBackFromNow_startEnd_orFallback() throws Exception {
    assertThat(TimeWindow.of("2h", null, null, Duration.ofMinutes(30), NOW))
        .isEqualTo(new TimeWindow(Instant.parse("2025-01-31T10:00:00Z"), NOW));
    assertThat(TimeWindow.of(null, null, null, Duration.ofMinutes(30), NOW).length())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(
            TimeWindow.of(
                null, "2025-01-31T09:00:00Z", "2025-01-31T09:30:00+00:00", Duration.ZERO, NOW))
        .isEqualTo(
            new TimeWindow(
                Instant.parse("2025-01-31T09:00:00Z"), Instant.parse("2025-01-31T09:30:00Z")));
  }

  @Test
  void of_refusesBothFormsAndReversedBounds() {
    assertThatThrownBy(() -> TimeWindow.of("30m", "2025-01-31T09:00:00Z", null, Duration.ZERO, NOW))
        .hasMessageContaining("either window");
    assertThatThrownBy(
            () ->
                TimeWindow.of(
                    null, "2025-01-31T10:00:00Z", "2025-01-31T09:00:00Z", Duration.ZERO, NOW))
        .hasMessageContaining("before end");
  }
}
