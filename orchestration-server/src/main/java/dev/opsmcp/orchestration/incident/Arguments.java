package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.incident.IncidentStatus;
import dev.opsmcp.common.incident.Severity;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Forgiving parsing of the incident tools' flat arguments, with errors that say what to send. */
public final class Arguments {
  public static final int MAX_TITLE = 300;
  public static final int MAX_TEXT = 16_000;
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern AGO = Pattern.compile("(\\d{1,6})([mhd])");

  private Arguments() {}

  public static Severity severity(String text) throws ToolFailure {
    return Severity.parse(text)
        .orElseThrow(
            () ->
                new ToolFailure(
                    "severity '"
                        + text
                        + "' is not one of SEV1 (outage), SEV2, SEV3, SEV4 (minor); any case"));
  }

  public static IncidentStatus status(String text) throws ToolFailure {
    return IncidentStatus.parse(text)
        .orElseThrow(
            () ->
                new ToolFailure(
                    "status '"
                        + text
                        + "' is not one of "
                        + String.join(", ", IncidentStatus.wireNames())));
  }

  public static String text(String name, String value, int max) throws ToolFailure {
    if (value == null || value.isBlank()) {
      throw new ToolFailure(name + " is empty; send a few words");
    }
    String v = value.strip();
    if (v.length() > max) {
      throw new ToolFailure(name + " is " + v.length() + " characters, over the limit of " + max);
    }
    return v;
  }

  /** Services, trimmed and distinct; each a name like {@code payments-api}. */
  public static List<String> services(List<String> values) throws ToolFailure {
    if (values == null) {
      return null;
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String v : values) {
      String s = v == null ? "" : v.strip();
      if (!SERVICE.matcher(s).matches()) {
        throw new ToolFailure(
            "service '"
                + v
                + "' is not a service name; send names like payments-api (letters,"
                + " digits, . _ : / -, up to 128)");
      }
      out.add(s);
    }
    if (out.size() > 50) {
      throw new ToolFailure("more than 50 services; name the affected ones only");
    }
    return new ArrayList<>(out);
  }

  /** RFC 3339 ({@code 2025-01-31T12:00:00Z}) or an age ({@code 30m}, {@code 6h}, {@code 7d}). */
  public static OffsetDateTime since(String text) throws ToolFailure {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    Matcher m = AGO.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      return OffsetDateTime.now(ZoneOffset.UTC).minus(d);
    }
    try {
      return OffsetDateTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new ToolFailure(
          "since '"
              + text
              + "' is neither RFC 3339 (2025-01-31T12:00:00Z) nor an age (30m, 6h, 7d)");
    }
  }
}
