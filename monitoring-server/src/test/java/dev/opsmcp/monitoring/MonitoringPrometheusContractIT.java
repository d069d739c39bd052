package dev.opsmcp.monitoring;

import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.testing.ServerContract;
import java.util.Map;

/**
 * The MCP contract with a Prometheus configured, so {@code query_prometheus} is registered (the
 * Prometheus is not contacted to list or describe tools).
 */
class MonitoringPrometheusContractIT extends ServerContract {
  @Override
  protected ServerSpec spec() {
    return MonitoringServer.SPEC;
  }

  @Override
  protected Map<String, String> env() {
    return Map.of("OPSMCP_PROMETHEUS_URL", "http://127.0.0.1:9/", "OPSMCP_HOST_METRICS", "false");
  }
}
