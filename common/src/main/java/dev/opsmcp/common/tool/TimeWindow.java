package dev.opsmcp.common.tool;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A [start, end) window of a tool call, from a duration back from now ({@code 30m}, {@code 2h},
 * {@code 1d}) or {@code start}/{@code end} arguments (RFC 3339). Immutable.
 */
public record TimeWindow(Instant start, Instant end) {
  private static final Pattern TIMEFRAME = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

  /** A duration like {@code 15m}, {@code 2h}, {@code 1d} (units s, m, h, d, w). */
  public static Duration timeframe(String text) throws ToolFailure {
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

  /** {@code text} as RFC 3339; the failure names {@code argument}. */
  public static Instant instant(String argument, String text) throws ToolFailure {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ToolFailure(
          argument + " " + Echo.of(text) + " is not RFC 3339: write it like 2025-01-31T14:05:00Z");
    }
  }

  /**
   * The window of a call's {@code window} (a duration back from {@code now}) or {@code start} /
   * {@code end} arguments; {@code fallback} back from the end when neither is given.
   */
  public static TimeWindow of(
      String window, String start, String end, Duration fallback, Instant now) throws ToolFailure {
    if (window != null && (start != null || end != null)) {
      throw new ToolFailure("send either window (like 30m) or start/end, not both");
    }
    if (window != null) {
      return new TimeWindow(now.minus(timeframe(window)), now);
    }
    Instant to = end == null ? now : instant("end", end);
    Instant from = start == null ? to.minus(fallback) : instant("start", start);
    if (!from.isBefore(to)) {
      throw new ToolFailure("start must be before end");
    }
    return new TimeWindow(from, to);
  }

  public Duration length() {
    return Duration.between(start, end);
  }
}
