package dev.opsmcp.monitoring.prompt;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.PromptMessage;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.monitoring.catalog.Catalog;
import java.util.List;
import java.util.Set;

/**
 * A short playbook for a service in trouble, naming this server's tools in the order to call them:
 * the overview, the service's metrics, its log templates, root-cause analysis, the candidate's
 * catalog entry, and after a fix, health verification and the change record.
 */
public final class InvestigateIncidentPrompt implements Prompt<InvestigateIncidentPrompt.Input> {
  public record Input(@Param("The service showing the symptom, like checkout.") String service) {}

  private final boolean prometheus;

  /** {@code prometheus}: whether {@code query_prometheus} is available to mention. */
  public InvestigateIncidentPrompt(boolean prometheus) {
    this.prometheus = prometheus;
  }

  @Override
  public String name() {
    return "investigate_incident";
  }

  @Override
  public String description() {
    return "Investigate a service in trouble: a playbook of the monitoring tools in order, from"
        + " what is abnormal to the ranked root cause and a verified fix.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public List<PromptMessage> messages(Caller caller, Input in) throws ToolFailure {
    String s = Catalog.serviceName(in.service() == null ? null : in.service().strip());
    String text =
        "Investigate the problem with service "
            + s
            + ". Work in this order, and quote the evidence each tool returns:\n"
            + "1. get_system_metrics (no arguments): which services look abnormal now, and since"
            + " when.\n"
            + "2. get_system_metrics service="
            + s
            + ": which of its series departed from baseline, in which direction, at what onset.\n"
            + "3. analyze_logs service="
            + s
            + ": new or spiking error templates in the same window.\n"
            + "4. root_cause_analysis service="
            + s
            + " (or incident_id= if an incident is open): the ranked candidates. Check the top"
            + " candidate's evidence: its own departures, a change shortly before its onset, the"
            + " dependency path to "
            + s
            + ". If candidates is empty, say nothing stands out rather than guess.\n"
            + "5. list_services: the top candidate's team, dependencies and runbook_url; then"
            + " get_system_metrics and analyze_logs for that candidate to confirm it.\n"
            + (prometheus
                ? "   query_prometheus answers a specific PromQL question if one remains.\n"
                : "")
            + "6. Propose a remediation for the candidate (not the loudest victim) and ask a human"
            + " before acting.\n"
            + "7. After the fix: verify_health services=["
            + s
            + ", <candidate>] until healthy, and record_change for what was changed.\n"
            + "Report: the cause, the evidence, what was done, and whether health is confirmed.";
    return List.of(PromptMessage.user(text));
  }
}
