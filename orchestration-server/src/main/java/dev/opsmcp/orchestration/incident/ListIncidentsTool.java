package dev.opsmcp.orchestration.incident;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentFilter;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.paging.SizeBudget;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** The tenant's incidents, newest first, filtered. */
public final class ListIncidentsTool implements Tool<ListIncidentsTool.Input> {

  public record Input(
      @Param(value = "open, investigating, mitigating, resolved or closed.", optional = true)
          String status,
      @Param(value = "Only incidents affecting this service.", optional = true) String service,
      @Param(value = "SEV1 … SEV4.", optional = true) String severity,
      @Param(value = "Started within this long back from now, like 30m, 6h, 7d.", optional = true)
          String window,
      @Param(value = "Started at or after, RFC 3339 (instead of window).", optional = true)
          String start,
      @Param(value = "Started before, RFC 3339 (with start).", optional = true) String end,
      @Param(value = "Incidents per page (default 20, max 100).", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page (same filters).", optional = true)
          String cursor) {}

  /** One page of incidents. */
  public record Result(
      List<Incident> incidents, boolean truncated, String nextCursor, String note) {}

  static final Limit LIMIT = new Limit(20, 100);

  /** With only end, every incident that started before it. */
  private static final Duration ALL_TIME = Duration.ofDays(365_000);

  private final Incidents incidents;
  private final Clock clock;

  public ListIncidentsTool(Incidents incidents, Clock clock) {
    this.incidents = incidents;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "list_incidents";
  }

  @Override
  public String description() {
    return "List incidents, newest first, by status, service, severity or start time (window like"
        + " 24h, or start/end in RFC 3339).";
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
    SizeBudget.Fitted<Incident> fitted =
        SizeBudget.page(LIMIT.resolve(in.limit()), n -> page(ctx, in, n));
    Page<Incident> page = fitted.page();
    return new Result(page.items(), page.truncated(), page.nextCursor(), fitted.note());
  }

  /** The page the tool returns, as a {@link Page} (the REST route answers this). */
  public Page<Incident> page(ToolContext ctx, Input in) throws ToolFailure {
    return page(ctx, in, LIMIT.resolve(in.limit()));
  }

  private Page<Incident> page(ToolContext ctx, Input in, int limit) throws ToolFailure {
    IncidentFilter f =
        new IncidentFilter(
            in.status() == null ? null : Arguments.status(in.status()),
            in.service() == null ? null : in.service().strip(),
            in.severity() == null ? null : Arguments.severity(in.severity()),
            since(in),
            in.end() == null ? null : utc(TimeWindow.instant("end", in.end())));
    return incidents.list(ctx.caller().tenant(), f, in.cursor(), limit);
  }

  /** The earliest start asked for: window back from now, or start; null for no bound. */
  private OffsetDateTime since(Input in) throws ToolFailure {
    if (in.start() != null && in.end() == null && in.window() == null) {
      return utc(TimeWindow.instant("start", in.start())); // open-ended: everything after start
    }
    TimeWindow w = TimeWindow.given(in.window(), in.start(), in.end(), ALL_TIME, clock.instant());
    return w == null || (in.window() == null && in.start() == null) ? null : utc(w.start());
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
