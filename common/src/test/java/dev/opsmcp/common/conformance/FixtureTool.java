package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Builds the SDK tool specifications of the fixtures, registered straight on the SDK. */
final class FixtureTool {
  static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

  private FixtureTool() {}

  static SyncToolSpecification of(
      String name,
      String description,
      Map<String, Object> inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(name, inputSchema).description(description).build();
    return SyncToolSpecification.builder().tool(tool).callHandler(handler).build();
  }

  /** A tool without arguments whose result does not depend on the call. */
  static SyncToolSpecification constant(String name, String description, CallToolResult result) {
    return of(name, description, NO_ARGUMENTS, (exchange, request) -> result);
  }

  /** A schema with required string properties, each described by its value in {@code fields}. */
  static Map<String, Object> requiredStrings(Map<String, String> fields) {
    Map<String, Object> properties = new LinkedHashMap<>();
    fields.forEach(
        (name, text) -> properties.put(name, Map.of("type", "string", "description", text)));
    return Map.of(
        "type", "object", "properties", properties, "required", List.copyOf(fields.keySet()));
  }

  /** A string argument of the call, empty when absent. */
  static String argument(CallToolRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }

  static CallToolResult error(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }
}
