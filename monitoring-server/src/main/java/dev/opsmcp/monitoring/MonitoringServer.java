package dev.opsmcp.monitoring;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.monitoring.metrics.MetricRetention;
import dev.opsmcp.monitoring.metrics.MetricSettings;
import dev.opsmcp.monitoring.metrics.OtlpMetricsServlet;
import java.util.List;
import java.util.Set;

/**
 * The monitoring server: metrics, log patterns, root-cause analysis and health verification for the
 * services in an incident.
 */
public final class MonitoringServer {
  public static final ServerSpec SPEC = spec(Env.system());

  private MonitoringServer() {}

  /** The server reading its own settings ({@code OPSMCP_METRIC_*} …) from {@code env}. */
  public static ServerSpec spec(Env env) {
    return new ServerSpec(
        "monitoring", "OPSMCP_MONITORING_PORT", 9001, (config, db) -> start(config, db, env));
  }

  static McpHost start(ServerConfig config, Database db, Env env) throws Exception {
    MetricSettings metrics = MetricSettings.fromEnv(env);
    MetricRetention retention = new MetricRetention(db, metrics.retention());
    McpHost host =
        McpHost.builder(config, db)
            .accessScopes(Set.of(Scope.MONITORING_READ, Scope.METRICS_WRITE))
            .instructions(
                "OpsMCP monitoring server. Metrics, log patterns, root-cause analysis and health"
                    + " verification for the services in an incident.")
            .migrations("monitoring")
            .servlet("/v1/metrics", new OtlpMetricsServlet(db, metrics), true)
            .onClose(retention)
            .start();
    retention.start();
    return host;
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
