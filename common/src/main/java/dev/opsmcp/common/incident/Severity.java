package dev.opsmcp.common.incident;

/** How bad an incident is: SEV1 (outage) to SEV4 (minor). */
public enum Severity {
  SEV1,
  SEV2,
  SEV3,
  SEV4
}
