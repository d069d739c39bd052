package dev.opsmcp.common.incident;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where an incident is in its lifecycle: open → investigating → mitigating → resolved → closed. A
 * step may be skipped; closed only from resolved; a resolved incident may be reopened.
 */
public enum IncidentStatus {
  OPEN,
  INVESTIGATING,
  MITIGATING,
  RESOLVED,
  CLOSED;

  /** The statuses this one may move to. */
  public Set<IncidentStatus> next() {
    return switch (this) {
      case OPEN -> EnumSet.of(INVESTIGATING, MITIGATING, RESOLVED);
      case INVESTIGATING -> EnumSet.of(MITIGATING, RESOLVED);
      case MITIGATING -> EnumSet.of(INVESTIGATING, RESOLVED);
      case RESOLVED -> EnumSet.of(CLOSED, OPEN, INVESTIGATING, MITIGATING);
      case CLOSED -> EnumSet.noneOf(IncidentStatus.class);
    };
  }

  /** Still being worked on: neither resolved nor closed. */
  public boolean active() {
    return this != RESOLVED && this != CLOSED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IncidentStatus> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.name().equals(t)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(IncidentStatus::wire).toList();
  }
}
