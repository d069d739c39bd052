package dev.opsmcp.orchestration;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.McpHost;
import dev.opsmcp.common.server.ServerSpec;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.orchestration.incident.AddTimelineEventTool;
import dev.opsmcp.orchestration.incident.CreateIncidentTool;
import dev.opsmcp.orchestration.incident.GetIncidentTool;
import dev.opsmcp.orchestration.incident.Incidents;
import dev.opsmcp.orchestration.incident.ListIncidentsTool;
import dev.opsmcp.orchestration.incident.UpdateIncidentTool;
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
    Incidents incidents = new Incidents(db);
    List<Tool<?>> tools =
        List.of(
            new CreateIncidentTool(incidents),
            new UpdateIncidentTool(incidents),
            new AddTimelineEventTool(incidents),
            new GetIncidentTool(incidents),
            new ListIncidentsTool(incidents));
    McpHost.Builder host =
        McpHost.builder(config, db)
            .accessScopes(
                Set.of(Scope.INCIDENTS_READ, Scope.INCIDENTS_WRITE, Scope.REMEDIATION_EXECUTE))
            .instructions(
                "OpsMCP orchestration: the incident record. create_incident (or find one with"
                    + " list_incidents), record findings with add_timeline_event, move it with"
                    + " update_incident. incident_id takes the id or the INC-42 reference.");
    tools.forEach(host::tool);
    return host.start();
  }

  public static void main(String[] args) {
    Launch.run(Env.system(), List.of(SPEC));
  }
}
