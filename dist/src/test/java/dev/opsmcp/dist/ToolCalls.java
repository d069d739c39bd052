package dev.opsmcp.dist;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tools/call} params the suite sends for one tool, from its input schema: plausible
 * arguments, then each argument in turn set to every hostile value or left out, unknown arguments,
 * arguments that are not an object, and calls without a usable tool name.
 */
final class ToolCalls {
  private ToolCalls() {}

  /** Every hostile value in every argument (for one transport). */
  static List<Object> params(McpSchema.Tool tool) {
    return params(tool, HostileValues.VALUES);
  }

  /** The same with {@code values} only. */
  static List<Object> params(McpSchema.Tool tool, List<Object> values) {
    Map<String, Object> properties = properties(tool);
    List<String> required =
        tool.inputSchema().get("required") instanceof List<?> names
            ? names.stream().map(String::valueOf).toList()
            : List.of();
    Map<String, Object> plausible = new LinkedHashMap<>();
    for (String name : required) {
      plausible.put(name, plausible(properties.get(name)));
    }
    List<Object> calls = new ArrayList<>();
    calls.add(call(tool.name(), plausible));
    for (String name : properties.keySet()) {
      for (Object value : values) {
        calls.add(call(tool.name(), HostileValues.with(plausible, name, value)));
      }
      calls.add(call(tool.name(), nullValued(plausible, name)));
    }
    for (String name : required) {
      calls.add(call(tool.name(), HostileValues.with(plausible, name, null)));
    }
    calls.add(call(tool.name(), HostileValues.with(plausible, "colour", "red")));
    calls.add(call(tool.name(), HostileValues.with(plausible, "k".repeat(40_000), 1)));
    calls.add(call(tool.name(), HostileValues.with(plausible, "tenant", "other")));
    for (Object notAnObject : new Object[] {List.of(), "s", 1, true, List.of(plausible)}) {
      calls.add(Map.of("name", tool.name(), "arguments", notAnObject));
    }
    calls.add(Map.of("name", tool.name()));
    Map<String, Object> nullArguments = new LinkedHashMap<>();
    nullArguments.put("name", tool.name());
    nullArguments.put("arguments", null);
    calls.add(nullArguments);
    calls.add(Map.of("arguments", plausible));
    for (Object name : new Object[] {5, "", "no_such_tool", HostileValues.HUGE, List.of("x")}) {
      calls.add(Map.of("name", name, "arguments", plausible));
    }
    calls.add(Map.of("name", tool.name(), "arguments", plausible, "_meta", "x"));
    calls.add(
        Map.of("name", tool.name(), "arguments", plausible, "_meta", Map.of("progressToken", 7)));
    return calls;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(McpSchema.Tool tool) {
    return tool.inputSchema().get("properties") instanceof Map<?, ?> properties
        ? (Map<String, Object>) properties
        : Map.of();
  }

  /** A value of the schema's type that a careless but well-meaning caller might send. */
  private static Object plausible(Object schema) {
    Object type = schema instanceof Map<?, ?> m ? m.get("type") : null;
    Object choices = schema instanceof Map<?, ?> m ? m.get("enum") : null;
    if (choices instanceof List<?> l && !l.isEmpty()) {
      return l.get(0);
    }
    return switch (String.valueOf(type)) {
      case "integer", "number" -> 0;
      case "boolean" -> false;
      case "array" -> List.of();
      case "object" -> Map.of();
      default -> "x";
    };
  }

  private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", arguments);
    return params;
  }

  private static Map<String, Object> nullValued(Map<String, Object> base, String name) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(name, null);
    return copy;
  }

  /** The call in a line: long values shown by their length. */
  static String describe(Object params) {
    return Verdicts.head(HostileValues.json(params).replace(HostileValues.HUGE, "<100k chars>"));
  }
}
