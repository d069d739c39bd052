package dev.opsmcp.monitoring;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.Timeline;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.catalog.CatalogFile;
import dev.opsmcp.monitoring.catalog.CatalogRoutes;
import dev.opsmcp.monitoring.catalog.Changes;
import dev.opsmcp.monitoring.catalog.ListServicesTool;
import dev.opsmcp.monitoring.catalog.RecordChangeTool;
import dev.opsmcp.monitoring.health.VerifyHealthTool;
import dev.opsmcp.monitoring.logpatterns.AnalyzeLogsTool;
import dev.opsmcp.monitoring.metrics.HostMetrics;
import dev.opsmcp.monitoring.metrics.MetricRetention;
import dev.opsmcp.monitoring.metrics.MetricSettings;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.OtlpMetricsServlet;
import dev.opsmcp.monitoring.metrics.StoreMetricSource;
import dev.opsmcp.monitoring.metrics.TenantRoutedSource;
import dev.opsmcp.monitoring.prometheus.PrometheusClient;
import dev.opsmcp.monitoring.prometheus.PrometheusSettings;
import dev.opsmcp.monitoring.prometheus.PrometheusSource;
import dev.opsmcp.monitoring.prometheus.QueryPrometheusTool;
import dev.opsmcp.monitoring.prompt.InvestigateIncidentPrompt;
import dev.opsmcp.monitoring.rca.AnalysisScope;
import dev.opsmcp.monitoring.rca.RootCauseAnalysis;
import dev.opsmcp.monitoring.rca.RootCauseAnalysisTool;
import dev.opsmcp.monitoring.systemmetrics.GetSystemMetricsTool;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The monitoring server: metrics, log patterns, root-cause analysis and health verification for the
 * services in an incident.
 */
public final class MonitoringServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "monitoring",
          "OPSMCP_MONITORING_PORT",
          9001,
          List.of("monitoring"),
          MonitoringServer::start);

  private MonitoringServer() {}

  public static McpHost start(ServerContext ctx) throws Exception {
    Database db = ctx.db();
    Env env = ctx.env();
    MetricSettings metrics = MetricSettings.fromEnv(env);
    Catalog catalog = new Catalog(db);
    Changes changes = new Changes(db);
    CatalogFile catalogFile =
        env.get("OPSMCP_CATALOG_FILE").isPresent()
            ? CatalogFile.read(env.path("OPSMCP_CATALOG_FILE", ""))
            : null;
    Optional<PrometheusClient> prometheus =
        PrometheusSettings.fromEnv(env).map(PrometheusClient::new);
    MetricSource store = new StoreMetricSource(db);
    MetricSource source =
        prometheus
            .<MetricSource>map(
                p -> new TenantRoutedSource(p.settings().tenant(), new PrometheusSource(p), store))
            .orElse(store);
    HostMetrics hostMetrics =
        new HostMetrics(
            db, metrics, HostMetrics.Settings.fromEnv(env), env.path("OPSMCP_DATA_DIR", "data"));
    RootCauseAnalysis rca = new RootCauseAnalysis(db, source, catalog, changes);
    AnalysisScope scopes = new AnalysisScope(ctx.incidents(), ctx.clock());
    ListServicesTool listServices = new ListServicesTool(catalog);
    RecordChangeTool recordChange = new RecordChangeTool(changes);
    McpHost.Builder builder = McpHost.builder(ctx);
    builder
        .accessScopes(Set.of(Scope.MONITORING_READ, Scope.METRICS_WRITE))
        .instructions(
            "OpsMCP monitoring server. Metrics, log patterns, root-cause analysis and health"
                + " verification for the services in an incident.")
        .servlet("/v1/metrics", new OtlpMetricsServlet(db, metrics), true)
        .routes(
            new CatalogRoutes(catalog, changes, listServices, recordChange, builder.invoker())
                .table())
        .tool(new GetSystemMetricsTool(source, ctx.clock()))
        .tool(new AnalyzeLogsTool(db, scopes))
        .tool(new VerifyHealthTool(catalog, source, db, metrics.healthTimeout()))
        .tool(new RootCauseAnalysisTool(rca, scopes, new Timeline(db)))
        .tool(listServices)
        .tool(recordChange)
        .prompt(new InvestigateIncidentPrompt(prometheus.isPresent()))
        .job(MetricRetention.job(db, ctx.clock(), metrics.retention()));
    if (hostMetrics.enabled()) {
      builder.job(hostMetrics);
    }
    prometheus.ifPresent(p -> builder.tool(new QueryPrometheusTool(p)));
    McpHost host = builder.start();
    if (catalogFile != null) {
      try {
        catalogFile.apply(catalog);
      } catch (RuntimeException e) {
        host.close();
        throw e;
      }
    }
    return host;
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
