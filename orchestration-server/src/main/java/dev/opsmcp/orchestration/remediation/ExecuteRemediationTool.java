package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.Map;
import java.util.Set;

/**
 * Runs an operator-defined runbook for an incident, behind a human's approval when it needs one.
 */
public final class ExecuteRemediationTool implements Tool<ExecuteRemediationTool.Input> {
  public record Input(
      @Param("The incident's id or reference (INC-42).") String incidentId,
      @Param("The runbook's name, from list_runbooks.") String runbook,
      @Param(value = "The runbook's declared parameters, name → value.", optional = true)
          Map<String, Object> parameters,
      @Param(value = "true: show exactly what would run, run nothing.", optional = true)
          Boolean dryRun,
      @Param(
              value =
                  "Your key for this action: repeating it returns the existing run, never a second.",
              optional = true)
          String idempotencyKey) {}

  /** A dry run's answer: exactly what would run. */
  public record DryRun(
      boolean dryRun, String runbook, Plan wouldRun, boolean requiresApproval, String note) {}

  private final Incidents incidents;
  private final Remediations remediations;

  public ExecuteRemediationTool(Incidents incidents, Remediations remediations) {
    this.incidents = incidents;
    this.remediations = remediations;
  }

  @Override
  public String name() {
    return "execute_remediation";
  }

  @Override
  public String description() {
    return "Run a runbook (from list_runbooks) for an incident. Runs at once when it needs no"
        + " approval; otherwise returns pending_approval with run_id and approval_id and runs once"
        + " a human approves. dry_run shows exactly what would run.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.REMEDIATION_EXECUTE);
  }

  @Override
  public Hints hints() {
    return new Hints(false, true, false, true);
  }

  @Override
  public Object call(ToolContext ctx, Input in) throws ToolFailure {
    String key = in.idempotencyKey() == null ? null : in.idempotencyKey().strip();
    if (key != null && (key.isEmpty() || key.length() > 200)) {
      throw new ToolFailure("idempotency_key must be 1 to 200 characters");
    }
    String tenant = ctx.caller().tenant();
    Incident incident = incidents.get(tenant, in.incidentId());
    Remediations.Executed e =
        remediations.execute(
            tenant,
            ctx.caller().credentialId(),
            incident,
            in.runbook(),
            in.parameters(),
            Boolean.TRUE.equals(in.dryRun()),
            key);
    if (e.dryRunPlan() != null) {
      return new DryRun(
          true,
          in.runbook().strip(),
          e.dryRunPlan(),
          e.requiresApproval(),
          "nothing ran; header secrets show as ${env:NAME} and are filled only when sent");
    }
    return RunView.of(e.run(), e.replayed());
  }
}
