package dev.opsmcp.orchestration;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.signal.Signals;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.orchestration.incident.AddTimelineEventTool;
import dev.opsmcp.orchestration.incident.CreateIncidentTool;
import dev.opsmcp.orchestration.incident.GetIncidentTool;
import dev.opsmcp.orchestration.incident.Incidents;
import dev.opsmcp.orchestration.incident.ListIncidentsTool;
import dev.opsmcp.orchestration.incident.UpdateIncidentTool;
import dev.opsmcp.orchestration.remediation.ExecuteRemediationTool;
import dev.opsmcp.orchestration.remediation.GetRemediationTool;
import dev.opsmcp.orchestration.remediation.ListRunbooksTool;
import dev.opsmcp.orchestration.remediation.RemediationWorker;
import dev.opsmcp.orchestration.remediation.Remediations;
import dev.opsmcp.orchestration.remediation.Runbooks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The orchestration server: incident lifecycle and timeline, remediation runs with approvals,
 * postmortems and team notifications.
 */
public final class OrchestrationServer {
  public static final ServerSpec SPEC =
      new ServerSpec(
          "orchestration", "OPSMCP_ORCHESTRATION_PORT", 9002, OrchestrationServer::start);

  private OrchestrationServer() {}

  public static McpHost start(ServerConfig config, Database db) throws Exception {
    Env env = config.env();
    Incidents incidents = new Incidents(db);
    Runbooks runbooks = new Runbooks(env.get("OPSMCP_RUNBOOKS_FILE").map(Path::of).orElse(null));
    Remediations remediations =
        new Remediations(
            db,
            runbooks,
            incidents,
            env,
            env.seconds("OPSMCP_APPROVAL_TTL_SECONDS", Duration.ofHours(1)));
    Signals signals = Signals.open(db);
    RemediationWorker worker = new RemediationWorker(remediations, signals);
    List<Tool<?>> tools =
        List.of(
            new CreateIncidentTool(incidents),
            new UpdateIncidentTool(incidents),
            new AddTimelineEventTool(incidents),
            new GetIncidentTool(incidents),
            new ListIncidentsTool(incidents),
            new ListRunbooksTool(runbooks),
            new ExecuteRemediationTool(incidents, remediations),
            new GetRemediationTool(remediations));
    McpHost.Builder host =
        McpHost.builder(config, db)
            .accessScopes(
                Set.of(Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.REMEDIATION_EXECUTE))
            .instructions(
                "OpsMCP orchestration: the incident record. create_incident (or find one with"
                    + " list_incidents), record findings with add_timeline_event, move it with"
                    + " update_incident, fix with list_runbooks + execute_remediation. incident_id"
                    + " takes the id or the INC-42 reference.")
            .migrations("orchestration")
            .onStarted(worker::start)
            .onClose(
                () -> {
                  worker.close();
                  remediations.close();
                  signals.close();
                });
    tools.forEach(host::tool);
    return host.start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
