package dev.opsmcp.common.incident;

import java.util.List;

/** What an update asks to change; a null field is left as it is. */
public record IncidentChange(
    IncidentStatus status, Severity severity, String summary, List<String> services) {
  public boolean empty() {
    return status == null && severity == null && summary == null && services == null;
  }
}
