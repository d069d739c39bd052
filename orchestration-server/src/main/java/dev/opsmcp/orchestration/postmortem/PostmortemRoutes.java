package dev.opsmcp.orchestration.postmortem;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.rest.TextBody;
import dev.opsmcp.orchestration.incident.Incidents;

/** {@code GET /incidents/{id}/postmortem}: the newest postmortem as {@code text/markdown}. */
public final class PostmortemRoutes {
  private PostmortemRoutes() {}

  public static void addTo(
      RouteTable.Builder routes, Incidents incidents, Postmortems postmortems) {
    routes.add(
        Route.get(
                "/incidents/{id}/postmortem",
                call -> {
                  String tenant = call.caller().tenant();
                  return new TextBody(
                      "text/markdown",
                      postmortems
                          .current(tenant, incidents.get(tenant, call.path("id")))
                          .markdown());
                })
            .scopes(Scope.INCIDENTS_READ)
            .summary(
                "The incident's newest postmortem as text/markdown; 404 until"
                    + " document_resolution wrote one."));
  }
}
