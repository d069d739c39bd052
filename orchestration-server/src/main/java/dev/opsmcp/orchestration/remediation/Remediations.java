package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.approval.Approval;
import dev.opsmcp.common.approval.ApprovalStore;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Ids;
import dev.opsmcp.common.db.UniqueViolation;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.NewEvent;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs runbooks for incidents. A run that needs approval is stored with an approval request and
 * waits; once a human approves, whichever replica first claims it (a conditional UPDATE) executes
 * it, exactly once; denied or expired, it never runs. Thread-safe.
 */
public final class Remediations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Remediations.class);

  /** How long execute_remediation waits for a run before answering that it is still running. */
  static final Duration INLINE_WAIT = Duration.ofSeconds(45);

  private final Database db;
  private final Runbooks runbooks;
  private final Incidents incidents;
  private final RunApprovals approvals;
  private final RunStore runs;
  private final Env env;
  private final Duration approvalTtl;
  private final ExecutorService executions = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Consumer<Approval> approvalRequested = a -> {};

  public Remediations(
      Database db,
      Runbooks runbooks,
      Incidents incidents,
      RunApprovals approvals,
      Env env,
      Duration approvalTtl) {
    this.db = db;
    this.approvals = approvals;
    this.runbooks = runbooks;
    this.incidents = incidents;
    this.runs = new RunStore(db);
    this.env = env;
    this.approvalTtl = approvalTtl;
  }

  /** Who is told of each new approval request (the humans' channels). Set once at start. */
  public void onApprovalRequested(Consumer<Approval> listener) {
    this.approvalRequested = listener;
  }

  /** The approvals its runs wait on. */
  public RunApprovals approvals() {
    return approvals;
  }

  public Runbooks runbooks() {
    return runbooks;
  }

  /** What {@code execute} did: the run, or for a dry run only its plan. */
  public record Executed(Run run, boolean replayed, Plan dryRunPlan, boolean requiresApproval) {}

  public Executed execute(
      String tenant,
      String actor,
      Incident incident,
      String runbookName,
      Map<String, Object> parameters,
      boolean dryRun,
      String idempotencyKey)
      throws ToolFailure {
    if (idempotencyKey != null && !dryRun) {
      Optional<Run> existing = runs.byIdempotencyKey(tenant, idempotencyKey);
      if (existing.isPresent()) {
        return new Executed(settle(tenant, existing.get()), true, null, false);
      }
    }
    Runbook r = runbook(runbookName);
    if (r.kind().equals("remediation") && !incident.status().active()) {
      throw new ToolFailure(
          ToolFailure.Kind.CONFLICT,
          "incident "
              + incident.ref()
              + " is "
              + incident.status().wire()
              + "; only diagnostic runbooks run on it. Reopen it with update_incident first if"
              + " the problem is back");
    }
    Map<String, String> values = Planner.values(r, parameters);
    Plan plan = Planner.plan(r, values);
    if (dryRun) {
      return new Executed(null, false, plan, r.requiresApproval());
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String runId = Ids.newId("rem");
    String approvalId = r.requiresApproval() ? Ids.newId("apr") : null;
    Run run =
        new Run(
            runId,
            incident.id(),
            r.name(),
            r.kind(),
            r.risk(),
            values,
            plan,
            idempotencyKey,
            r.requiresApproval() ? "pending_approval" : "running",
            approvalId,
            actor,
            null,
            null,
            null,
            null,
            now,
            r.requiresApproval() ? null : now,
            null,
            null);
    try {
      db.jdbi()
          .useTransaction(
              h -> {
                if (approvalId != null) {
                  h.attach(ApprovalStore.class)
                      .insert(
                          approvalId,
                          tenant,
                          null,
                          incident.id(),
                          "Run runbook " + r.name() + " for " + incident.ref(),
                          details(r, plan, incident),
                          r.risk(),
                          now,
                          now.plus(approvalTtl));
                }
                RunStore.insert(h, tenant, run);
              });
    } catch (UnableToExecuteStatementException e) {
      if (idempotencyKey != null && UniqueViolation.causedBy(e)) {
        Run existing = runs.byIdempotencyKey(tenant, idempotencyKey).orElseThrow(() -> e);
        return new Executed(settle(tenant, existing), true, null, false);
      }
      throw e;
    }
    if (approvalId != null) {
      incidents.record(
          tenant,
          incident.id(),
          new NewEvent(
              "remediation_requested",
              "Runbook "
                  + r.name()
                  + " ("
                  + r.risk()
                  + " risk) requested; waiting for approval "
                  + approvalId,
              "orchestration",
              actor,
              runId,
              null));
      approvalRequested.accept(
          db.jdbi()
              .withExtension(ApprovalStore.class, s -> s.find(tenant, approvalId))
              .orElseThrow());
      return new Executed(get(tenant, runId), false, null, true);
    }
    Future<?> done = executions.submit(() -> executeLogged(tenant, run, null));
    try {
      done.get(INLINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // still running: the answer says so and get_remediation reads the outcome later
    } catch (ExecutionException e) {
      throw new IllegalStateException("remediation run " + runId + " failed", e.getCause());
    } catch (InterruptedException e) { // the answer below still tells where the run stands
      Thread.currentThread().interrupt();
    }
    return new Executed(get(tenant, runId), false, null, false);
  }

  public Run get(String tenant, String runId) throws ToolFailure {
    Run run =
        runs.find(tenant, runId)
            .orElseThrow(
                () ->
                    new ToolFailure(
                        ToolFailure.Kind.NOT_FOUND,
                        "no remediation run "
                            + runId
                            + " in your tenant; use the run_id execute_remediation returned"));
    return settle(tenant, run);
  }

  public List<Run> forIncident(String tenant, long incidentId) {
    return runs.forIncident(tenant, incidentId);
  }

  /** A page of the tenant's runs, newest first (see {@link RunStore#page}). */
  public List<Run> page(
      String tenant, Long incidentId, OffsetDateTime afterAt, String afterId, int fetch) {
    return runs.page(tenant, incidentId, afterAt, afterId, fetch);
  }

  Runbook runbook(String name) throws ToolFailure {
    return runbooks
        .find(name == null ? "" : name.strip())
        .orElseThrow(
            () ->
                new ToolFailure(
                    ToolFailure.Kind.NOT_FOUND,
                    "no runbook '"
                        + name
                        + "'; call list_runbooks for the ones defined ("
                        + String.join(", ", runbooks.all().stream().map(Runbook::name).toList())
                        + ")"));
  }

  /** Settles every run whose approval was decided or expired (the background sweep). */
  void settleDue() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    runs.abandon(now.minus(RunbookFile.MAX_TIMEOUT).minus(Duration.ofMinutes(2)));
    for (String[] due : runs.settleable(now)) {
      runs.find(due[0], due[1]).ifPresent(r -> settle(due[0], r));
    }
  }

  /**
   * A run waiting for approval moves on once the approval is decided; others are returned as is.
   */
  private Run settle(String tenant, Run run) {
    if (!run.status().equals("pending_approval")) {
      return run;
    }
    Approval a = approval(tenant, run.approvalId());
    switch (a.status()) {
      case "approved" -> {
        if (runs.claim(tenant, run.runId(), a.decidedBy())) {
          Run claimed = runs.find(tenant, run.runId()).orElseThrow();
          executions.submit(() -> executeLogged(tenant, claimed, a.decidedBy()));
        }
      }
      case "denied" -> {
        String why =
            "denied by "
                + a.decidedBy()
                + (a.decisionComment() == null ? "" : ": " + a.decisionComment());
        if (runs.refuse(tenant, run.runId(), "denied", why, a.decidedBy())) {
          record(
              tenant,
              run,
              "remediation_denied",
              "Runbook " + run.runbook() + " " + why,
              a.decidedBy());
        }
      }
      case "expired" -> {
        if (runs.refuse(
            tenant, run.runId(), "expired", "approval expired undecided; never ran", null)) {
          record(
              tenant,
              run,
              "remediation_expired",
              "Runbook " + run.runbook() + ": approval expired undecided; it never ran",
              null);
        }
      }
      default -> {}
    }
    return runs.find(tenant, run.runId()).orElseThrow();
  }

  private Approval approval(String tenant, String id) {
    try {
      return approvals.find(tenant, id);
    } catch (ToolFailure e) { // the run's approval row is written with the run and never deleted
      throw new IllegalStateException("approval " + id + " of a waiting run: " + e.getMessage());
    }
  }

  private void executeLogged(String tenant, Run run, String approvedBy) {
    try {
      execute(tenant, run, approvedBy);
    } catch (RuntimeException e) {
      LOG.error(
          "remediation run {} of tenant {} failed outside its action", run.runId(), tenant, e);
    }
  }

  private void execute(String tenant, Run run, String approvedBy) {
    record(
        tenant,
        run,
        "remediation_started",
        "Runbook "
            + run.runbook()
            + " started"
            + (approvedBy == null ? " (no approval needed)" : ", approved by " + approvedBy)
            + ": "
            + describe(run.plan()),
        approvedBy == null ? run.requestedBy() : approvedBy);
    Outcome o =
        run.plan().executor().equals("http")
            ? HttpExecutor.run(run.plan(), env)
            : CommandExecutor.run(run.plan());
    String finished =
        "Runbook "
            + run.runbook()
            + " "
            + o.status()
            + (o.exitStatus() == null ? "" : " (exit status " + o.exitStatus() + ")")
            + " in "
            + o.durationMs()
            + " ms"
            + (o.error() == null ? "" : ": " + o.error());
    // One transaction: whoever sees the run finished also sees its timeline event.
    db.jdbi()
        .useTransaction(
            h -> {
              runs.finish(h, tenant, run.runId(), o);
              incidents.record(
                  h,
                  tenant,
                  run.incidentId(),
                  new NewEvent(
                      "remediation_finished",
                      finished,
                      "orchestration",
                      run.requestedBy(),
                      run.runId(),
                      null));
            });
  }

  private void record(String tenant, Run run, String kind, String text, String actor) {
    incidents.record(
        tenant,
        run.incidentId(),
        new NewEvent(kind, text, "orchestration", actor, run.runId(), null));
  }

  static String describe(Plan p) {
    return p.executor().equals("http")
        ? p.method() + " " + p.url()
        : String.join(" ", p.argv().stream().map(a -> Json.write(a)).toList());
  }

  private static String details(Runbook r, Plan plan, Incident incident) {
    return r.description()
        + "\n\nIncident: "
        + incident.ref()
        + " "
        + incident.title()
        + "\nKind: "
        + r.kind()
        + ", risk: "
        + r.risk()
        + "\nRuns: "
        + describe(plan)
        + (plan.body() == null ? "" : "\nBody: " + plan.body());
  }

  @Override
  public void close() {
    executions.shutdownNow();
  }
}
