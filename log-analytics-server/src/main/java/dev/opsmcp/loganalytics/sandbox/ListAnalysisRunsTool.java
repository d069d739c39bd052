package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.Page;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** The caller's analysis runs, newest first, as short summaries a signed keyset cursor pages. */
final class ListAnalysisRunsTool implements Tool<ListAnalysisRunsTool.Input> {
  static final Limit LIMIT = new Limit(20, 100);

  record Input(
      @Param(value = "Runs per page, default 20, max 100", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor) {}

  record Summary(
      String run_id,
      String status,
      Integer exit_code,
      long duration_ms,
      String started_at,
      String script_path,
      Long incident_id) {}

  record Output(List<Summary> runs, boolean truncated, String next_cursor) {}

  /** Where the next page starts (the last run shown). */
  record Before(OffsetDateTime startedAt, String runId) {}

  private final RunStore runs;
  private final Cursors cursors;

  ListAnalysisRunsTool(RunStore runs, Cursors cursors) {
    this.runs = runs;
    this.cursors = cursors;
  }

  @Override
  public String name() {
    return "list_analysis_runs";
  }

  @Override
  public String description() {
    return "List your analysis runs, newest first: run_id, status, exit code, duration, script."
        + " Use get_analysis_run for the output of one.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.ANALYSIS_RUN);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    String tenant = ctx.caller().tenant();
    int limit = LIMIT.resolve(in.limit());
    Cursor<Before> cursor = cursors.bind(tenant, "analysis_runs", List.of(), Before.class);
    Before before = cursor.read(in.cursor());
    List<AnalysisRun> fetched =
        before == null
            ? runs.page(tenant, null, null, limit + 1)
            : runs.page(tenant, before.startedAt(), before.runId(), limit + 1);
    Page<Summary> page =
        Page.of(
                fetched,
                limit,
                last ->
                    cursor.write(
                        new Before(OffsetDateTime.parse(last.started_at()), last.run_id())))
            .map(
                r ->
                    new Summary(
                        r.run_id(),
                        r.status(),
                        r.exit_code(),
                        r.duration_ms(),
                        r.started_at(),
                        r.script_path(),
                        r.incident_id()));
    return new Output(page.items(), page.truncated(), page.nextCursor());
  }
}
