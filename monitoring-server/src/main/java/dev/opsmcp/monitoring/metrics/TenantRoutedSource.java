package dev.opsmcp.monitoring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One tenant's metrics from an external source (the team's Prometheus), every other tenant's from
 * the built-in store: a Prometheus has no tenants, so it answers only for the tenant it was
 * configured for ({@code OPSMCP_PROMETHEUS_TENANT}).
 */
public final class TenantRoutedSource implements MetricSource {
  private final String tenant;
  private final MetricSource external;
  private final MetricSource store;

  public TenantRoutedSource(String tenant, MetricSource external, MetricSource store) {
    this.tenant = tenant;
    this.external = external;
    this.store = store;
  }

  private MetricSource of(String t) {
    return tenant.equals(t) ? external : store;
  }

  @Override
  public List<String> services(String t, Instant from, Instant to, int limit) {
    return of(t).services(t, from, to, limit);
  }

  @Override
  public List<Series> read(
      String t, String service, Instant from, Instant to, Duration step, int limit) {
    return of(t).read(t, service, from, to, step, limit);
  }
}
