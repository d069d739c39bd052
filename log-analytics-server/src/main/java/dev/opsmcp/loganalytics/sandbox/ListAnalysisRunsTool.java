package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** The caller's analysis runs, newest first, as short summaries with keyset paging. */
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

  private final RunStore runs;

  ListAnalysisRunsTool(RunStore runs) {
    this.runs = runs;
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
    int limit = LIMIT.resolve(in.limit());
    OffsetDateTime beforeTs = null;
    String beforeId = null;
    if (in.cursor() != null) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(in.cursor()), StandardCharsets.UTF_8)
                .split("\\|", 2);
        beforeTs = OffsetDateTime.parse(parts[0]);
        beforeId = parts[1];
      } catch (RuntimeException e) {
        throw new ToolFailure("cursor is not valid: pass next_cursor exactly as returned");
      }
    }
    List<AnalysisRun> page = runs.page(ctx.caller().tenant(), beforeTs, beforeId, limit + 1);
    boolean more = page.size() > limit;
    if (more) {
      page = page.subList(0, limit);
    }
    String next = null;
    if (more) {
      AnalysisRun last = page.get(page.size() - 1);
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  (last.started_at() + "|" + last.run_id()).getBytes(StandardCharsets.UTF_8));
    }
    return new Output(
        page.stream()
            .map(
                r ->
                    new Summary(
                        r.run_id(),
                        r.status(),
                        r.exit_code(),
                        r.duration_ms(),
                        r.started_at(),
                        r.script_path(),
                        r.incident_id()))
            .toList(),
        more,
        next);
  }
}
