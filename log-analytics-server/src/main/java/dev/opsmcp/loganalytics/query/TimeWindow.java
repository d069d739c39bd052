package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A [start, end) window parsed from {@code timeframe} or {@code start}/{@code end} arguments. */
record TimeWindow(Instant start, Instant end) {
  static final Duration DEFAULT = Duration.ofMinutes(15);
  private static final Pattern TIMEFRAME = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

  static Duration timeframe(String text) throws ToolFailure {
    Matcher m = TIMEFRAME.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ToolFailure(
          "timeframe "
              + Echo.of(text)
              + " is not valid: use a number and a unit, like 15m, 2h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  static Instant instant(String argument, String text) throws ToolFailure {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ToolFailure(
          argument + " " + Echo.of(text) + " is not RFC 3339: write it like 2025-01-31T14:05:00Z");
    }
  }
}
