package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.TimelineEvent;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.paging.SizeBudget;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One incident with a page of its timeline. */
public final class GetIncidentTool implements Tool<GetIncidentTool.Input> {

  public record Input(
      @Param("The incident's id or reference (INC-42).") String incidentId,
      @Param(value = "newest (default) or oldest first.", optional = true) String order,
      @Param(value = "Timeline events per page (default 50, max 200).", optional = true)
          Integer limit,
      @Param(value = "next_cursor of the previous page.", optional = true) String cursor) {}

  /** The incident and one page of its timeline. */
  public record Result(
      Incident incident,
      List<TimelineEvent> timeline,
      boolean truncated,
      String nextCursor,
      String note) {}

  static final Limit LIMIT = new Limit(50, 200);

  private final Incidents incidents;

  public GetIncidentTool(Incidents incidents) {
    this.incidents = incidents;
  }

  @Override
  public String name() {
    return "get_incident";
  }

  @Override
  public String description() {
    return "An incident and its timeline (newest first by default; next_cursor pages on; a page"
        + " is cut, with a note, when its events would pass about 24,000 characters).";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.INCIDENTS_READ);
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Result call(ToolContext ctx, Input in) throws ToolFailure {
    String order = in.order() == null ? "newest" : in.order().strip().toLowerCase(Locale.ROOT);
    if (!order.equals("newest") && !order.equals("oldest")) {
      throw new ToolFailure("order '" + in.order() + "' is not newest or oldest");
    }
    int limit = LIMIT.resolve(in.limit());
    Incident incident = incidents.get(ctx.caller().tenant(), in.incidentId());
    SizeBudget.Fitted<TimelineEvent> fitted =
        SizeBudget.page(
            limit,
            n ->
                incidents.timeline(
                    ctx.caller().tenant(), incident.id(), order.equals("newest"), in.cursor(), n));
    Page<TimelineEvent> page = fitted.page();
    return new Result(incident, page.items(), page.truncated(), page.nextCursor(), fitted.note());
  }
}
