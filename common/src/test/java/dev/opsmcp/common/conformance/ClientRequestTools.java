package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/** Fixture tools that send the client a request of their own: sampling or elicitation. */
final class ClientRequestTools {
  private ClientRequestTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        FixtureTool.of(
            "test_sampling",
            "Asks the client's LLM to answer the prompt.",
            FixtureTool.requiredStrings(Map.of("prompt", "The prompt to send to the LLM")),
            ClientRequestTools::sample),
        FixtureTool.of(
            "test_elicitation",
            "Asks the user for a username and email, showing the message.",
            FixtureTool.requiredStrings(Map.of("message", "The message to show the user")),
            (exchange, in) ->
                elicit(exchange, FixtureTool.argument(in, "message"), ElicitationSchemas.USER)),
        FixtureTool.of(
            "test_elicitation_sep1034_defaults",
            "Asks the user for fields of every primitive type, each with a default (SEP-1034).",
            FixtureTool.NO_ARGUMENTS,
            (exchange, in) ->
                elicit(exchange, "Please review the defaults", ElicitationSchemas.WITH_DEFAULTS)),
        FixtureTool.of(
            "test_elicitation_sep1330_enums",
            "Asks the user to pick from the five kinds of enum (SEP-1330).",
            FixtureTool.NO_ARGUMENTS,
            (exchange, in) -> elicit(exchange, "Please pick options", ElicitationSchemas.ENUMS)));
  }

  private static CallToolResult sample(McpSyncServerExchange exchange, CallToolRequest in) {
    if (exchange.getClientCapabilities().sampling() == null) {
      return FixtureTool.error("The client does not support sampling");
    }
    String prompt = FixtureTool.argument(in, "prompt");
    CreateMessageResult answer =
        exchange.createMessage(
            CreateMessageRequest.builder(
                    List.of(new SamplingMessage(Role.USER, TextContent.builder(prompt).build())),
                    100)
                .build());
    String text = answer.content() instanceof TextContent t ? t.text() : answer.content().type();
    return FixtureTool.text("LLM response: " + text);
  }

  private static CallToolResult elicit(
      McpSyncServerExchange exchange, String message, Map<String, Object> schema) {
    if (exchange.getClientCapabilities().elicitation() == null) {
      return FixtureTool.error("The client does not support elicitation");
    }
    ElicitResult answer =
        exchange.createElicitation(ElicitFormRequest.builder(message, schema).build());
    return FixtureTool.text(
        "Elicitation completed: action=" + answer.action() + ", content=" + answer.content());
  }
}
