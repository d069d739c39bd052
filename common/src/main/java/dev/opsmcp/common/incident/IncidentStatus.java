package dev.opsmcp.common.incident;

/** Where an incident is in its lifecycle. */
public enum IncidentStatus {
  OPEN,
  INVESTIGATING,
  MITIGATED,
  RESOLVED
}
