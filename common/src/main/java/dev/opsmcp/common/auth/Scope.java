package dev.opsmcp.common.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a credential may do. Wire names are what keys, tokens and docs use. */
public enum Scope {
  MONITORING_READ("monitoring:read"),
  METRICS_WRITE("metrics:write"),
  INCIDENTS_READ("incidents:read"),
  INCIDENTS_WRITE("incidents:write"),
  REMEDIATION_EXECUTE("remediation:execute"),
  LOGS_READ("logs:read"),
  LOGS_WRITE("logs:write"),
  ANALYSIS_RUN("analysis:run"),
  MESSAGING_AGENT("messaging:agent"),
  MESSAGING_HUMAN("messaging:human"),
  ALERTS_WRITE("alerts:write"),
  ADMIN("admin");

  /**
   * What a key gets when none are named: everything an agent needs, no human or admin rights, and
   * not alert intake (an alert sender gets a key of its own).
   */
  public static final Set<Scope> AGENT_DEFAULT =
      EnumSet.complementOf(EnumSet.of(MESSAGING_HUMAN, ADMIN, ALERTS_WRITE));

  private final String wire;

  Scope(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Scope> fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }

  /** Parses a space- or comma-separated list, ignoring names this server does not know. */
  public static Set<Scope> parseLenient(String list) {
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (list != null) {
      for (String name : list.split("[\\s,]+")) {
        fromWire(name).ifPresent(scopes::add);
      }
    }
    return scopes;
  }
}
