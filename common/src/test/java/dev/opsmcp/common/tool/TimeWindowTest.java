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

  @Test
  void of_incidentSpan_whenNoWindowIsGiven() throws Exception {
    TimeWindow span =
        TimeWindow.span(Instant.parse("2025-01-31T11:00:00Z"), null, Duration.ofMinutes(15), NOW);
    assertThat(span).isEqualTo(new TimeWindow(Instant.parse("2025-01-31T10:45:00Z"), NOW));
    assertThat(TimeWindow.of(null, null, null, Duration.ofMinutes(30), span, NOW)).isEqualTo(span);
    assertThat(TimeWindow.of("1h", null, null, Duration.ofMinutes(30), span, NOW))
        .isEqualTo(new TimeWindow(Instant.parse("2025-01-31T11:00:00Z"), NOW));
    assertThat(
            TimeWindow.span(
                Instant.parse("2025-01-31T11:00:00Z"),
                Instant.parse("2025-01-31T11:20:00Z"),
                Duration.ZERO,
                NOW))
        .isEqualTo(
            new TimeWindow(
                Instant.parse("2025-01-31T11:00:00Z"), Instant.parse("2025-01-31T11:20:00Z")));
  }

  @Test
  void given_nullWhenNothingIsGiven() throws Exception {
    assertThat(TimeWindow.given(null, null, null, Duration.ofMinutes(30), NOW)).isNull();
    assertThat(TimeWindow.given(null, "2025-01-31T11:00:00Z", null, Duration.ZERO, NOW))
        .isEqualTo(new TimeWindow(Instant.parse("2025-01-31T11:00:00Z"), NOW));
  }

  @Test
  void refusals_sayWhatToSend() {
    assertThatThrownBy(() -> TimeWindow.of("yesterday", null, null, Duration.ZERO, NOW))
        .hasMessageContaining("window 'yesterday' is not a duration")
        .hasMessageContaining("like 15m, 2h or 1d");
    assertThatThrownBy(() -> TimeWindow.of(null, "noon", null, Duration.ZERO, NOW))
        .hasMessageContaining("start 'noon' is not RFC 3339");
    assertThatThrownBy(() -> TimeWindow.alias("1h", "timeframe", "2h"))
        .hasMessageContaining("send only window");
  }

  @Test
  void alias_eitherName() throws Exception {
    assertThat(TimeWindow.alias(null, "timeframe", "2h")).isEqualTo("2h");
    assertThat(TimeWindow.alias("2h", "timeframe", null)).isEqualTo("2h");
    assertThat(TimeWindow.alias("2h", "timeframe", "2h")).isEqualTo("2h");
  }
}
