package dev.opsmcp.orchestration.remediation;

import java.time.Duration;
import java.util.List;

/**
 * An operator-defined action the agent may run: it can only pick one by name and fill its declared
 * parameters. {@code kind} is {@code diagnostic} (read-only, any incident) or {@code remediation}
 * (only on an incident not resolved or closed). Exactly one of {@code http} and {@code command}.
 */
public record Runbook(
    String name,
    String description,
    List<String> services,
    String risk,
    boolean requiresApproval,
    String kind,
    Duration timeout,
    List<RunbookParameter> parameters,
    HttpAction http,
    CommandAction command) {
  public Runbook {
    services = List.copyOf(services);
    parameters = List.copyOf(parameters);
  }

  public String executor() {
    return http != null ? "http" : "command";
  }
}
