package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The runbooks the operators defined, with their parameters. */
public final class ListRunbooksTool implements Tool<ListRunbooksTool.Input> {
  public record Input(
      @Param(value = "Only runbooks for this service.", optional = true) String service) {}

  /** A runbook as the agent sees it (never its header secrets). */
  public record Entry(
      String name,
      String description,
      List<String> services,
      String kind,
      String risk,
      boolean requiresApproval,
      long timeoutSeconds,
      String executor,
      Map<String, Map<String, Object>> parameters) {}

  public record Result(List<Entry> runbooks, String note) {}

  private final Runbooks runbooks;

  public ListRunbooksTool(Runbooks runbooks) {
    this.runbooks = runbooks;
  }

  @Override
  public String name() {
    return "list_runbooks";
  }

  @Override
  public String description() {
    return "The remediation and diagnostic actions operators defined, with their parameters, risk"
        + " and whether a human must approve. Run one with execute_remediation.";
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
    List<Entry> entries =
        runbooks.all().stream()
            .filter(r -> in.service() == null || r.services().contains(in.service().strip()))
            .map(ListRunbooksTool::entry)
            .toList();
    String problem = runbooks.problem();
    String note =
        !runbooks.configured()
            ? "no runbooks are configured on this server (OPSMCP_RUNBOOKS_FILE is unset)"
            : problem != null
                ? "the runbook file has an error an operator must fix; these are the last good"
                    + " runbooks"
                : entries.isEmpty() ? "no runbook matches" : null;
    return new Result(entries, note);
  }

  static Entry entry(Runbook r) {
    Map<String, Map<String, Object>> params = new LinkedHashMap<>();
    for (RunbookParameter p : r.parameters()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", p.type());
      d.put("description", p.description());
      if (p.allowed() != null) {
        d.put("enum", p.allowed());
      }
      if (p.pattern() != null) {
        d.put("pattern", p.pattern().pattern());
      }
      d.put("required", p.required() && p.defaultValue() == null);
      if (p.defaultValue() != null) {
        d.put("default", p.defaultValue());
      }
      params.put(p.name(), d);
    }
    return new Entry(
        r.name(),
        r.description(),
        r.services(),
        r.kind(),
        r.risk(),
        r.requiresApproval(),
        r.timeout().toSeconds(),
        r.executor(),
        params);
  }
}
