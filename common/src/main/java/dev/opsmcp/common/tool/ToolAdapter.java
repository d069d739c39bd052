package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.db.Unavailable;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.util.RawValue;

/**
 * The one place OpsMCP tools meet the SDK: turns a {@link Tool} into a tool specification whose
 * handler calls the tool through the {@link ToolInvoker} and maps the two error tiers ({@link
 * ToolFailure} → {@code isError} result; anything else → a JSON-RPC error without internals).
 */
public final class ToolAdapter {
  /** Key of the {@link Caller} in the SDK's transport context. */
  public static final String CALLER_KEY = "opsmcp.caller";

  /** Key of the request's {@link Grant} in the SDK's transport context. */
  public static final String GRANT_KEY = "opsmcp.grant";

  private static final Logger LOG = LoggerFactory.getLogger(ToolAdapter.class);

  private final ToolInvoker invoker;

  public ToolAdapter(ToolInvoker invoker) {
    this.invoker = invoker;
  }

  public List<SyncToolSpecification> specifications(List<Tool<?>> tools) {
    return tools.stream().map(this::specification).toList();
  }

  /** The same tools for the stateless transport: no session, so no progress notifications. */
  public List<McpStatelessServerFeatures.SyncToolSpecification> statelessSpecifications(
      List<Tool<?>> tools) {
    return tools.stream().map(this::statelessSpecification).toList();
  }

  <I extends Record> SyncToolSpecification specification(Tool<I> tool) {
    return SyncToolSpecification.builder()
        .tool(definition(tool))
        .callHandler(
            (exchange, request) ->
                handle(tool, exchange.transportContext(), exchange::progressNotification, request))
        .build();
  }

  private <I extends Record>
      McpStatelessServerFeatures.SyncToolSpecification statelessSpecification(Tool<I> tool) {
    return McpStatelessServerFeatures.SyncToolSpecification.builder()
        .tool(definition(tool))
        .callHandler((context, request) -> handle(tool, context, null, request))
        .build();
  }

  private static McpSchema.Tool definition(Tool<?> tool) {
    Hints h = tool.hints();
    return McpSchema.Tool.builder(tool.name(), JsonSchemas.of(tool.inputType()))
        .description(tool.description())
        .annotations(
            McpSchema.ToolAnnotations.builder()
                .readOnlyHint(h.readOnly())
                .destructiveHint(h.destructive())
                .idempotentHint(h.idempotent())
                .openWorldHint(h.openWorld())
                .build())
        .build();
  }

  /** {@code progress} is null where there is no stream to send progress on (stateless). */
  private <I extends Record> McpSchema.CallToolResult handle(
      Tool<I> tool,
      McpTransportContext transport,
      Consumer<McpSchema.ProgressNotification> progress,
      McpSchema.CallToolRequest request) {
    Caller caller = (Caller) transport.get(CALLER_KEY);
    Grant grant = (Grant) transport.get(GRANT_KEY);
    if (caller == null || grant == null) {
      throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message("unauthenticated request")
          .build();
    }
    try {
      return success(
          invoker.invoke(tool, new Context(caller, grant, progress, request), request.arguments()));
    } catch (ToolFailure e) {
      return McpSchema.CallToolResult.builder()
          .addTextContent(e.getMessage())
          .isError(true)
          .build();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      if (Unavailable.causedBy(e)) {
        LOG.warn(
            "tool {} for tenant {}: database unavailable: {}",
            tool.name(),
            caller.tenant(),
            e.toString());
        return McpSchema.CallToolResult.builder()
            .addTextContent(Unavailable.MESSAGE)
            .isError(true)
            .build();
      }
      // Anything that escaped would leave the client waiting for an answer that never comes.
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("tool {} failed (ref {}) for tenant {}", tool.name(), ref, caller.tenant(), e);
      throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
          .message("internal error in " + tool.name() + " (reference " + ref + ")")
          .build();
    }
  }

  /**
   * A tool's input from JSON arguments, or a failure that says what to send instead. A REST twin
   * should call the tool through {@link ToolInvoker} instead, which also checks scopes, counts and
   * audits (orchestration's {@code IncidentApi} still parses here).
   */
  public static <I extends Record> I parse(Tool<I> tool, Map<String, Object> arguments)
      throws ToolFailure {
    return ToolInvoker.parse(tool, arguments);
  }

  /**
   * The result written once, as text and as {@code structuredContent} (which must be an object: any
   * other value goes under {@code result}); the SDK copies the written JSON into its answer as is.
   */
  static McpSchema.CallToolResult success(Object result) {
    String json = Json.write(result);
    if (!json.startsWith("{")) {
      json = "{\"result\":" + json + "}";
    }
    return McpSchema.CallToolResult.builder()
        .addTextContent(json)
        .structuredContent(new RawValue(json))
        .build();
  }

  private record Context(
      Caller caller,
      Grant grant,
      Consumer<McpSchema.ProgressNotification> sender,
      McpSchema.CallToolRequest request)
      implements ToolContext {
    @Override
    public void progress(double progress, Double total, String message) {
      Object token = request.meta() == null ? null : request.meta().get("progressToken");
      if (token != null && sender != null) {
        sender.accept(new McpSchema.ProgressNotification(token, progress, total, message, null));
      }
    }
  }
}
