package dev.opsmcp.common.incident;

import java.util.Locale;
import java.util.Optional;

/** How bad an incident is: SEV1 (outage) to SEV4 (minor). */
public enum Severity {
  SEV1,
  SEV2,
  SEV3,
  SEV4;

  /** {@code SEV2}, {@code sev2} or {@code 2}; empty for anything else. */
  public static Optional<Severity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.matches("[1-4]")) {
      t = "SEV" + t;
    }
    for (Severity s : values()) {
      if (s.name().equals(t)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
