package dev.opsmcp.common.incident;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What an {@code incident_id} argument may hold: the numeric id ({@code 17}) or the per-tenant
 * reference ({@code INC-42}, any case).
 */
public record IncidentRef(Long id, Long number) {
  public static final String HELP =
      "send the incident's id (e.g. 17) or its reference (e.g. INC-42) as create_incident or"
          + " list_incidents returned it";

  /** Parses {@code text}; empty when it is neither form. */
  public static java.util.Optional<IncidentRef> parse(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    boolean ref = t.startsWith("INC-");
    OptionalLong n = number(ref ? t.substring(4) : t);
    if (n.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        ref ? new IncidentRef(null, n.getAsLong()) : new IncidentRef(n.getAsLong(), null));
  }

  public static String format(long number) {
    return "INC-" + number;
  }

  private static OptionalLong number(String digits) {
    if (!digits.matches("[0-9]{1,18}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(digits));
  }
}
