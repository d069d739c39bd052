package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.ToolInvoker;
import dev.opsmcp.orchestration.incident.Incidents;
import java.time.OffsetDateTime;

/**
 * Runbooks and remediation runs over REST (read-only: runbooks come from the operator's file):
 * {@code /runbooks} (list_runbooks), {@code /runbooks/{name}}, {@code /runs} (newest first, of one
 * incident or all, paged) and {@code /runs/{id}} (get_remediation).
 */
public final class RemediationRoutes {
  private static final Limit LIMIT = new Limit(20, 100);

  /** Query of the run list. */
  public record RunQuery(
      @Param(value = "Only runs of this incident (id or INC-42).", optional = true)
          String incidentId,
      @Param(value = "Runs per page (default 20, max 100).", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page (same filter).", optional = true)
          String cursor) {}

  /** Where the next page of runs starts. */
  record After(String createdAt, String id) {}

  /** What a run cursor is bound to besides the tenant. */
  record Filters(Long incidentId) {}

  private RemediationRoutes() {}

  public static void addTo(
      RouteTable.Builder routes,
      Runbooks runbooks,
      Remediations remediations,
      Incidents incidents,
      Cursors cursors,
      ToolInvoker invoker) {
    ListRunbooksTool list = new ListRunbooksTool(runbooks);
    GetRemediationTool get = new GetRemediationTool(remediations);
    RunbookResource runbook = new RunbookResource(runbooks);
    routes
        .add(
            Route.get(
                    "/runbooks",
                    ListRunbooksTool.Input.class,
                    (call, in) -> invoker.call(list, call, in))
                .scopes(Scope.INCIDENTS_READ)
                .summary("The operator-defined runbooks, as list_runbooks returns them."))
        .add(
            Route.get(
                    "/runbooks/{name}",
                    call ->
                        runbook.read(call.caller(), java.util.Map.of("name", call.path("name"))))
                .scopes(Scope.INCIDENTS_READ)
                .summary("One runbook: parameters, kind, risk, approval, executor."))
        .add(
            Route.get(
                    "/runs",
                    RunQuery.class,
                    (call, q) -> {
                      String tenant = call.caller().tenant();
                      Long incident =
                          q.incidentId() == null
                              ? null
                              : incidents.get(tenant, q.incidentId()).id();
                      return runs(remediations, cursors, tenant, incident, q);
                    })
                .scopes(Scope.INCIDENTS_READ)
                .summary(
                    "Remediation runs newest first, of one incident or all; output cut as"
                        + " get_remediation cuts it."))
        .add(
            Route.get(
                    "/runs/{id}",
                    call -> invoker.call(get, call, new GetRemediationTool.Input(call.path("id"))))
                .scopes(Scope.INCIDENTS_READ)
                .summary("One run, as get_remediation returns it."));
  }

  private static Page<RunView> runs(
      Remediations remediations, Cursors cursors, String tenant, Long incident, RunQuery q)
      throws ToolFailure {
    int limit = LIMIT.resolve(q.limit());
    Cursor<After> pages = cursors.bind(tenant, "runs", new Filters(incident), After.class);
    After after = pages.read(q.cursor());
    return Page.of(
            remediations.page(
                tenant,
                incident,
                after == null ? null : OffsetDateTime.parse(after.createdAt()),
                after == null ? null : after.id(),
                limit + 1),
            limit,
            r -> pages.write(new After(r.createdAt().toString(), r.runId())))
        .map(r -> RunView.of(r, false));
  }
}
