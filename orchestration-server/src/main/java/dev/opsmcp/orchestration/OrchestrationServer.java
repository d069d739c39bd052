package dev.opsmcp.orchestration;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.notify.Deliveries;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.common.rest.RestServlet;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.server.DashboardFiles;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerContext;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolInvoker;
import dev.opsmcp.orchestration.alert.AlertRoutes;
import dev.opsmcp.orchestration.incident.AddTimelineEventTool;
import dev.opsmcp.orchestration.incident.CreateIncidentTool;
import dev.opsmcp.orchestration.incident.GetIncidentTool;
import dev.opsmcp.orchestration.incident.IncidentResource;
import dev.opsmcp.orchestration.incident.IncidentRoutes;
import dev.opsmcp.orchestration.incident.Incidents;
import dev.opsmcp.orchestration.incident.ListIncidentsTool;
import dev.opsmcp.orchestration.incident.UpdateIncidentTool;
import dev.opsmcp.orchestration.notify.ChannelRoutes;
import dev.opsmcp.orchestration.notify.GetNotificationTool;
import dev.opsmcp.orchestration.notify.IncidentAnnouncer;
import dev.opsmcp.orchestration.notify.NotifyTeamTool;
import dev.opsmcp.orchestration.postmortem.DocumentResolutionTool;
import dev.opsmcp.orchestration.postmortem.PostmortemResource;
import dev.opsmcp.orchestration.postmortem.PostmortemRoutes;
import dev.opsmcp.orchestration.postmortem.Postmortems;
import dev.opsmcp.orchestration.postmortem.WritePostmortemPrompt;
import dev.opsmcp.orchestration.remediation.ApprovalRoutes;
import dev.opsmcp.orchestration.remediation.ExecuteRemediationTool;
import dev.opsmcp.orchestration.remediation.GetRemediationTool;
import dev.opsmcp.orchestration.remediation.ListRunbooksTool;
import dev.opsmcp.orchestration.remediation.RemediationRoutes;
import dev.opsmcp.orchestration.remediation.RemediationSweep;
import dev.opsmcp.orchestration.remediation.Remediations;
import dev.opsmcp.orchestration.remediation.RunApprovals;
import dev.opsmcp.orchestration.remediation.RunbookResource;
import dev.opsmcp.orchestration.remediation.Runbooks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orchestration server: incident lifecycle and timeline, remediation runs with approvals,
 * postmortems and team notifications.
 */
public final class OrchestrationServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "orchestration",
          "OPSMCP_ORCHESTRATION_PORT",
          9002,
          List.of("orchestration"),
          OrchestrationServer::start);

  private OrchestrationServer() {}

  public static McpHost start(ServerContext ctx) throws Exception {
    Database db = ctx.db();
    Env env = ctx.env();
    Incidents incidents = new Incidents(db);
    Runbooks runbooks = new Runbooks(env.get("OPSMCP_RUNBOOKS_FILE").map(Path::of).orElse(null));
    RunApprovals approvals = new RunApprovals(db, ctx.signals(), ctx.clock());
    Remediations remediations =
        new Remediations(
            db,
            runbooks,
            incidents,
            approvals,
            env,
            env.seconds("OPSMCP_APPROVAL_TTL_SECONDS", Duration.ofHours(1)));
    Outbox outbox = ctx.outbox();
    IncidentAnnouncer announcer =
        new IncidentAnnouncer(outbox, env.get("OPSMCP_PUBLIC_URL_MESSAGING").orElse(null));
    incidents.announceTo(announcer);
    remediations.onApprovalRequested(announcer::approvalRequested);
    Deliveries deliveries = new Deliveries(db);
    Postmortems postmortems = new Postmortems(db, incidents, remediations);
    Channels channels = new Channels(db);
    List<Tool<?>> tools =
        List.of(
            new CreateIncidentTool(incidents),
            new UpdateIncidentTool(incidents),
            new AddTimelineEventTool(incidents),
            new GetIncidentTool(incidents),
            new ListIncidentsTool(incidents, ctx.clock()),
            new DocumentResolutionTool(incidents, postmortems),
            new ListRunbooksTool(runbooks),
            new ExecuteRemediationTool(incidents, remediations),
            new GetRemediationTool(remediations),
            new NotifyTeamTool(outbox, channels, deliveries, incidents),
            new GetNotificationTool(deliveries));
    McpHost.Builder host =
        McpHost.builder(ctx)
            .accessScopes(
                Set.of(
                    Scope.INCIDENTS_READ,
                    Scope.INCIDENTS_WRITE,
                    Scope.REMEDIATION_EXECUTE,
                    Scope.ALERTS_WRITE,
                    Scope.MESSAGING_HUMAN))
            .instructions(
                "OpsMCP orchestration: the incident record. create_incident (or find one with"
                    + " list_incidents), record findings with add_timeline_event, move it with"
                    + " update_incident, fix with list_runbooks + execute_remediation, and close with"
                    + " document_resolution. incident_id"
                    + " takes the id or the INC-42 reference.")
            .healthCheck(runbooks)
            .prompt(new WritePostmortemPrompt(incidents))
            .resource(new IncidentResource(incidents))
            .resource(new PostmortemResource(incidents, postmortems))
            .resource(new RunbookResource(runbooks))
            .servlet(
                "/incidents/*",
                new DashboardFiles(
                    "/orchestration/dashboard",
                    Map.of(
                        "/incidents/", "index.html",
                        "/incidents/app.js", "app.js",
                        "/incidents/style.css", "style.css")),
                false)
            .job(new RemediationSweep(remediations))
            .onClose(remediations);
    tools.forEach(host::tool);
    RouteTable api = api(ctx, host, incidents, runbooks, remediations, postmortems, channels);
    // Alert intake is the same table's /alerts routes under a more specific mapping, exempt from
    // the rate limit: Alertmanager drops a 429 instead of retrying.
    host.routes(api).intake(AlertRoutes.PATH_SPEC, new RestServlet(api));
    return host.start();
  }

  /** The REST API under /api/v1 (its alert intake routes are also mounted as intake). */
  private static RouteTable api(
      ServerContext ctx,
      McpHost.Builder host,
      Incidents incidents,
      Runbooks runbooks,
      Remediations remediations,
      Postmortems postmortems,
      Channels channels) {
    ToolInvoker invoker = host.invoker();
    RouteTable.Builder routes = RouteTable.builder("/api/v1", "OpsMCP orchestration API");
    IncidentRoutes.addTo(routes, incidents, ctx.clock(), invoker);
    PostmortemRoutes.addTo(routes, incidents, postmortems);
    RemediationRoutes.addTo(routes, runbooks, remediations, incidents, ctx.cursors(), invoker);
    ChannelRoutes.addTo(routes, channels);
    ApprovalRoutes.addTo(routes, remediations.approvals(), host.audit());
    AlertRoutes.addTo(
        routes,
        incidents,
        ctx.env().get("OPSMCP_ALERT_SERVICE_LABEL", "service"),
        ctx.env().integer("OPSMCP_ALERT_INTAKE_CONCURRENCY", 16, 1, 1024));
    return routes.build();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
