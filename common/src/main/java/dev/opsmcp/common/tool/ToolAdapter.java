package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.telemetry.Telemetry;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The one place OpsMCP tools meet the SDK: turns a {@link Tool} into a tool specification whose
 * handler parses the input record, calls the tool, and maps the two error tiers ({@link
 * ToolFailure} → {@code isError} result; anything else → a JSON-RPC error without internals).
 */
public final class ToolAdapter {
  /** Key of the {@link Caller} in the SDK's transport context. */
  public static final String CALLER_KEY = "opsmcp.caller";

  /** Key of the request's {@link Grant} in the SDK's transport context. */
  public static final String GRANT_KEY = "opsmcp.grant";

  private static final Logger LOG = LoggerFactory.getLogger(ToolAdapter.class);
  static final int MAX_FAILURE_CHARS = 2_000;

  private final Telemetry telemetry;
  private final AuditLog audit;

  public ToolAdapter(Telemetry telemetry, AuditLog audit) {
    this.telemetry = telemetry;
    this.audit = audit;
  }

  public List<SyncToolSpecification> specifications(List<Tool<?>> tools) {
    return tools.stream().map(this::specification).toList();
  }

  <I extends Record> SyncToolSpecification specification(Tool<I> tool) {
    Hints h = tool.hints();
    McpSchema.Tool definition =
        McpSchema.Tool.builder(tool.name(), JsonSchemas.of(tool.inputType()))
            .description(tool.description())
            .annotations(
                McpSchema.ToolAnnotations.builder()
                    .readOnlyHint(h.readOnly())
                    .destructiveHint(h.destructive())
                    .idempotentHint(h.idempotent())
                    .openWorldHint(h.openWorld())
                    .build())
            .build();
    List<String> required = JsonSchemas.required(tool.inputType());
    return SyncToolSpecification.builder()
        .tool(definition)
        .callHandler((exchange, request) -> handle(tool, required, exchange, request))
        .build();
  }

  private <I extends Record> McpSchema.CallToolResult handle(
      Tool<I> tool,
      List<String> required,
      McpSyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    long start = System.nanoTime();
    Caller caller = (Caller) exchange.transportContext().get(CALLER_KEY);
    Grant grant = (Grant) exchange.transportContext().get(GRANT_KEY);
    if (caller == null || grant == null) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message("unauthenticated request")
          .build();
    }
    String outcome = "ok";
    try {
      caller.requireAny(tool.scopes());
      I input = parse(tool, required, request.arguments());
      Object result = tool.call(new Context(caller, grant, exchange, request), input);
      return success(result);
    } catch (ToolFailure e) {
      outcome = "tool_error";
      return McpSchema.CallToolResult.builder()
          .addTextContent(bounded(e.getMessage()))
          .isError(true)
          .build();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Anything that escaped would leave the client waiting for an answer that never comes.
      outcome = "internal_error";
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("tool {} failed (ref {}) for tenant {}", tool.name(), ref, caller.tenant(), e);
      throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
          .message("internal error in " + tool.name() + " (reference " + ref + ")")
          .build();
    } finally {
      telemetry.toolCall(tool.name(), outcome, System.nanoTime() - start);
      if (!tool.hints().readOnly()) {
        audit.record(
            new AuditLog.Event(
                caller.tenant(),
                caller.credentialId(),
                "tool:" + tool.name(),
                null,
                outcome,
                null,
                null));
      }
    }
  }

  /**
   * A refusal as the model reads it, never longer than {@value #MAX_FAILURE_CHARS} characters: a
   * tool that quotes a huge argument back is cut here, and says so, instead of flooding the model's
   * context.
   */
  static String bounded(String message) {
    if (message == null || message.length() <= MAX_FAILURE_CHARS) {
      return message;
    }
    int end = MAX_FAILURE_CHARS;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--;
    }
    return message.substring(0, end) + "… (refusal cut from " + message.length() + " characters)";
  }

  /**
   * A tool's input from JSON arguments, or a failure that says what to send instead. For callers
   * outside MCP (the REST twins of tools), so both paths validate alike.
   */
  public static <I extends Record> I parse(Tool<I> tool, Map<String, Object> arguments)
      throws ToolFailure {
    return parse(tool, JsonSchemas.required(tool.inputType()), arguments);
  }

  private static <I extends Record> I parse(
      Tool<I> tool, List<String> required, Map<String, Object> arguments) throws ToolFailure {
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
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
    try {
      return Json.MAPPER.convertValue(args, tool.inputType());
    } catch (JacksonException e) {
      throw new ToolFailure(
          "invalid arguments: "
              + JsonProblem.describe(e, "argument")
              + "; send only the arguments in the tool's input schema, with those types");
    }
  }

  @SuppressWarnings("unchecked")
  private static McpSchema.CallToolResult success(Object result) {
    Object tree = Json.MAPPER.convertValue(result, Object.class);
    Map<String, Object> structured;
    if (tree instanceof Map<?, ?> map) {
      structured = (Map<String, Object>) map;
    } else {
      structured = new LinkedHashMap<>();
      structured.put("result", tree);
    }
    return McpSchema.CallToolResult.builder()
        .addTextContent(Json.write(structured))
        .structuredContent(structured)
        .build();
  }

  private record Context(
      Caller caller, Grant grant, McpSyncServerExchange exchange, McpSchema.CallToolRequest request)
      implements ToolContext {
    @Override
    public void progress(double progress, Double total, String message) {
      Object token = request.meta() == null ? null : request.meta().get("progressToken");
      if (token != null) {
        exchange.progressNotification(
            new McpSchema.ProgressNotification(token, progress, total, message, null));
      }
    }
  }
}
