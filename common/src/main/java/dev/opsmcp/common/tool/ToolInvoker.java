package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.db.Unavailable;
import dev.opsmcp.common.telemetry.Telemetry;
import java.util.List;
import java.util.Map;

/**
 * The one path of a tool call, whether it comes over MCP ({@link ToolAdapter}) or from a REST route
 * that is a tool's twin: scope check (the tool's {@link Tool#scopes()}) → parse → call → metrics →
 * audit (every call of a tool that is not read-only). Failures pass through to the caller's own
 * error mapping. Thread-safe.
 */
public final class ToolInvoker {
  private final Telemetry telemetry;
  private final AuditLog audit;

  public ToolInvoker(Telemetry telemetry, AuditLog audit) {
    this.telemetry = telemetry;
    this.audit = audit;
  }

  /** Calls {@code tool} with JSON arguments (null means none). */
  public <I extends Record> Object invoke(Tool<I> tool, ToolContext ctx, Map<String, Object> args)
      throws ToolFailure {
    return run(tool, ctx, () -> parse(tool, args));
  }

  /**
   * Calls {@code tool} with an input already read (e.g. a REST body read into the tool's record).
   */
  public <I extends Record> Object call(Tool<I> tool, ToolContext ctx, I input) throws ToolFailure {
    return run(tool, ctx, () -> input);
  }

  @FunctionalInterface
  private interface Input<I> {
    I get() throws ToolFailure;
  }

  private <I extends Record> Object run(Tool<I> tool, ToolContext ctx, Input<I> input)
      throws ToolFailure {
    long start = System.nanoTime();
    Caller caller = ctx.caller();
    String outcome = "ok";
    String target = null;
    try {
      caller.requireAny(tool.scopes());
      I in = input.get();
      target = tool.auditTarget(in);
      return tool.call(ctx, in);
    } catch (ToolFailure e) {
      outcome = "tool_error";
      throw e;
    } catch (RuntimeException | LinkageError | AssertionError e) {
      outcome = Unavailable.causedBy(e) ? "database_unavailable" : "internal_error";
      throw e;
    } finally {
      telemetry.toolCall(tool.name(), outcome, System.nanoTime() - start);
      // With the database away the audit row cannot be written either: waiting for a connection
      // again would only delay the answer.
      if (!tool.hints().readOnly() && !outcome.equals("database_unavailable")) {
        audit.record(
            new AuditLog.Event(
                caller.tenant(),
                caller.credentialId(),
                "tool:" + tool.name(),
                target,
                outcome,
                caller.name().equals(caller.credentialId()) ? null : "as " + caller.name(),
                null));
      }
    }
  }

  /** A tool's input from JSON arguments, or a failure that says what to send instead. */
  public static <I extends Record> I parse(Tool<I> tool, Map<String, Object> arguments)
      throws ToolFailure {
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    List<String> required = JsonSchemas.required(tool.inputType());
    for (String name : required) {
      if (args.get(name) == null) {
        throw new ToolFailure(
            "missing required argument '" + name + "'; see the tool's input schema for its type");
      }
    }
    String unstorable = StorableText.refusal(args, "argument");
    if (unstorable != null) {
      throw new ToolFailure(unstorable);
    }
    // The same reader as REST bodies: one strictness, one wording of every refusal.
    return InputReader.fromTree(Json.MAPPER.valueToTree(args), tool.inputType(), "argument");
  }
}
