package dev.opsmcp.monitoring.catalog;

import java.util.List;

/**
 * A service as the catalog knows it. {@code source} is {@code api}, {@code file}, or {@code
 * telemetry} for a service only seen in metrics (no dependencies known).
 */
public record CatalogService(
    String name,
    String team,
    List<String> dependsOn,
    String healthUrl,
    Slo slo,
    String runbookUrl,
    String source) {
  public CatalogService {
    dependsOn = List.copyOf(dependsOn);
  }
}
