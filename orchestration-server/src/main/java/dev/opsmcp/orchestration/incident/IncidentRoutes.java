package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.RestResponse;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.ToolInvoker;
import java.time.Clock;
import java.util.List;

/**
 * Incidents over REST, each route the twin of a tool and calling it, so both validate alike: list
 * (a {@code Page}), get with a timeline page, create, update, add a timeline event. Reads take
 * {@code incidents:read}, writes {@code incidents:write} (as the tools do).
 */
public final class IncidentRoutes {
  /** get_incident's arguments besides the incident, as query parameters. */
  public record TimelineQuery(
      @Param(value = "newest (default) or oldest first.", optional = true) String order,
      @Param(value = "Timeline events per page (default 50, max 200).", optional = true)
          Integer limit,
      @Param(value = "next_cursor of the previous page.", optional = true) String cursor) {}

  /** update_incident's arguments besides the incident. */
  public record Change(
      @Param(value = "open, investigating, mitigating, resolved or closed.", optional = true)
          String status,
      @Param(value = "SEV1 … SEV4.", optional = true) String severity,
      @Param(value = "Replaces the summary.", optional = true) String summary,
      @Param(value = "Replaces the affected services.", optional = true) List<String> services) {}

  /** add_timeline_event's arguments besides the incident. */
  public record Event(
      @Param("What sort of event: finding, action, observation, note, …") String kind,
      @Param("What happened or was found.") String text) {}

  private IncidentRoutes() {}

  /** The tools' twins: writes go through {@code invoker}, so they are audited and counted. */
  public static void addTo(
      RouteTable.Builder routes, Incidents incidents, Clock clock, ToolInvoker invoker) {
    ListIncidentsTool list = new ListIncidentsTool(incidents, clock);
    GetIncidentTool get = new GetIncidentTool(incidents);
    CreateIncidentTool create = new CreateIncidentTool(incidents);
    UpdateIncidentTool update = new UpdateIncidentTool(incidents);
    AddTimelineEventTool event = new AddTimelineEventTool(incidents);
    routes
        .add(
            Route.get("/incidents", ListIncidentsTool.Input.class, list::page)
                .scopes(Scope.INCIDENTS_READ)
                .summary(
                    "Incidents newest first, filtered like list_incidents; a page of items with"
                        + " next_cursor."))
        .add(
            Route.get(
                    "/incidents/{id}",
                    TimelineQuery.class,
                    (call, q) ->
                        invoker.call(
                            get,
                            call,
                            new GetIncidentTool.Input(
                                call.path("id"), q.order(), q.limit(), q.cursor())))
                .scopes(Scope.INCIDENTS_READ)
                .summary("One incident (id or INC-42) and a page of its timeline."))
        .add(
            Route.post(
                    "/incidents",
                    CreateIncidentTool.Input.class,
                    (call, in) -> {
                      CreateIncidentTool.Result r =
                          (CreateIncidentTool.Result) invoker.call(create, call, in);
                      return RestResponse.of(r.deduplicated() ? 200 : 201, r);
                    })
                .scopes(Scope.INCIDENTS_WRITE)
                .summary(
                    "Open an incident (201), or get the open one with the same dedupe_key"
                        + " (200, deduplicated)."))
        .add(
            Route.patch(
                    "/incidents/{id}",
                    Change.class,
                    (call, in) ->
                        invoker.call(
                            update,
                            call,
                            new UpdateIncidentTool.Input(
                                call.path("id"),
                                in.status(),
                                in.severity(),
                                in.summary(),
                                in.services())))
                .scopes(Scope.INCIDENTS_WRITE)
                .summary(
                    "Change status, severity, summary or services as update_incident does; returns"
                        + " the incident as stored and the timeline events recorded."))
        .add(
            Route.post(
                    "/incidents/{id}/events",
                    Event.class,
                    (call, in) ->
                        RestResponse.of(
                            201,
                            invoker.call(
                                event,
                                call,
                                new AddTimelineEventTool.Input(
                                    call.path("id"), in.kind(), in.text()))))
                .scopes(Scope.INCIDENTS_WRITE)
                .summary("Record a finding, action or note on the incident's timeline."));
  }
}
