package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one place OpsMCP prompts meet the SDK: a {@link Prompt} becomes a prompt specification whose
 * handler checks the caller's scopes, reads the arguments into the input record and renders the
 * messages.
 */
public final class PromptAdapter {
  private PromptAdapter() {}

  public static List<SyncPromptSpecification> specifications(List<Prompt<?>> prompts) {
    return prompts.stream().<SyncPromptSpecification>map(PromptAdapter::specification).toList();
  }

  /** The same prompts for the stateless transport. */
  public static List<McpStatelessServerFeatures.SyncPromptSpecification> statelessSpecifications(
      List<Prompt<?>> prompts) {
    return prompts.stream()
        .map(
            p ->
                new McpStatelessServerFeatures.SyncPromptSpecification(
                    definition(p), (context, request) -> render(p, context, request)))
        .toList();
  }

  static <I extends Record> SyncPromptSpecification specification(Prompt<I> prompt) {
    return new SyncPromptSpecification(
        definition(prompt),
        (exchange, request) -> render(prompt, exchange.transportContext(), request));
  }

  private static McpSchema.Prompt definition(Prompt<?> prompt) {
    return McpSchema.Prompt.builder(prompt.name())
        .description(prompt.description())
        .arguments(arguments(prompt.inputType()))
        .build();
  }

  private static <I extends Record> McpSchema.GetPromptResult render(
      Prompt<I> prompt, McpTransportContext context, McpSchema.GetPromptRequest request) {
    Caller caller = McpFailures.caller(context);
    try {
      caller.requireAny(prompt.scopes());
      Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
      I input = InputReader.fromTree(Json.MAPPER.valueToTree(args), prompt.inputType(), "argument");
      List<McpSchema.PromptMessage> messages =
          prompt.messages(caller, input).stream().map(PromptAdapter::message).toList();
      return McpSchema.GetPromptResult.builder(messages).description(prompt.description()).build();
    } catch (ToolFailure f) {
      throw McpFailures.of(f, McpSchema.ErrorCodes.INVALID_PARAMS);
    } catch (McpError e) {
      throw e;
    } catch (RuntimeException e) {
      throw McpFailures.internal("prompt " + prompt.name(), caller, e);
    }
  }

  /** Each component of the input record, with its {@link Param} description. */
  static List<McpSchema.PromptArgument> arguments(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(PromptAdapter::argument).toList();
  }

  private static McpSchema.PromptArgument argument(RecordComponent c) {
    Param param = c.getAnnotation(Param.class);
    return McpSchema.PromptArgument.builder(JsonSchemas.wireName(c.getName()))
        .description(param == null ? null : param.value())
        .required(param == null || !param.optional())
        .build();
  }

  private static McpSchema.PromptMessage message(PromptMessage m) {
    McpSchema.Role role =
        m.role() == PromptMessage.Role.USER ? McpSchema.Role.USER : McpSchema.Role.ASSISTANT;
    return McpSchema.PromptMessage.builder(role, McpSchema.TextContent.builder(m.text()).build())
        .build();
  }
}
