package dev.opsmcp.common.tool;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A [start, end) window of a tool call. Every tool that takes a time range reads it from the same
 * arguments: {@code window}, a duration back from now ({@code 30m}, {@code 2h}, {@code 1d}), or
 * {@code start}/{@code end} (RFC 3339), or, when the call names an incident and neither, the
 * incident's span (see {@link #of(String, String, String, Duration, TimeWindow, Instant)}).
 * Immutable.
 */
public record TimeWindow(Instant start, Instant end) {
  /** What a refusal tells the model to send. */
  public static final String FORMS =
      "send window as a number and a unit (s, m, h, d, w), like 30m, 2h or 1d, or start and end"
          + " in RFC 3339, like 2025-01-31T14:05:00Z";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

  /**
   * A duration like {@code 15m}, {@code 2h}, {@code 1d} (units s, m, h, d, w) of {@code window}.
   */
  public static Duration timeframe(String text) throws ToolFailure {
    return duration("window", text);
  }

  /** A duration like {@code 15m}, {@code 2h}, {@code 1d}; the refusal names {@code argument}. */
  public static Duration duration(String argument, String text) throws ToolFailure {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ToolFailure(
          argument
              + " "
              + Echo.of(text)
              + " is not a duration: send a number and a unit (s, m, h, d, w), like 15m, 2h or 1d");
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
    return of(window, start, end, fallback, null, now);
  }

  /**
   * As {@link #of(String, String, String, Duration, Instant)}, but {@code otherwise} (an incident's
   * span, say) when none of {@code window}, {@code start} and {@code end} is given and it is not
   * null.
   */
  public static TimeWindow of(
      String window, String start, String end, Duration fallback, TimeWindow otherwise, Instant now)
      throws ToolFailure {
    TimeWindow given = given(window, start, end, fallback, now);
    if (given != null) {
      return given;
    }
    return otherwise != null ? otherwise : new TimeWindow(now.minus(fallback), now);
  }

  /** The window the arguments give; null when none of them is given (no time filter). */
  public static TimeWindow given(
      String window, String start, String end, Duration fallback, Instant now) throws ToolFailure {
    if (window != null && (start != null || end != null)) {
      throw new ToolFailure("send either window (like 30m) or start/end, not both");
    }
    if (window != null) {
      return new TimeWindow(now.minus(timeframe(window)), now);
    }
    if (start == null && end == null) {
      return null;
    }
    Instant to = end == null ? now : instant("end", end);
    Instant from = start == null ? to.minus(fallback) : instant("start", start);
    if (!from.isBefore(to)) {
      throw new ToolFailure("start must be before end; " + FORMS);
    }
    return new TimeWindow(from, to);
  }

  /**
   * An incident's span: from {@code lead} before it opened to its resolution, or {@code now} while
   * it is unresolved (or if it resolved before the lead-adjusted start).
   */
  public static TimeWindow span(Instant opened, Instant resolved, Duration lead, Instant now) {
    Instant from = opened.minus(lead);
    Instant to = resolved == null || !resolved.isAfter(from) ? now : resolved;
    return new TimeWindow(from, to.isAfter(from) ? to : from.plusSeconds(1));
  }

  /**
   * {@code window}, or its alias {@code alias} (named {@code aliasName}) when only that is given.
   */
  public static String alias(String window, String aliasName, String alias) throws ToolFailure {
    if (window != null && alias != null && !window.strip().equals(alias.strip())) {
      throw new ToolFailure(
          "window and " + aliasName + " are the same argument; send only window, like 30m");
    }
    return window != null ? window : alias;
  }

  public Duration length() {
    return Duration.between(start, end);
  }
}
