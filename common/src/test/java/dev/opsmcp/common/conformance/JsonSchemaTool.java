package dev.opsmcp.common.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.Map;

/** The fixture tool whose input schema uses JSON Schema 2020-12 keywords (SEP-1613). */
final class JsonSchemaTool {
  private JsonSchemaTool() {}

  static SyncToolSpecification spec() {
    Map<String, Object> address =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")));
    Map<String, Object> schema =
        Map.of(
            "$schema",
            "https://json-schema.org/draft/2020-12/schema",
            "type",
            "object",
            "$defs",
            Map.of("address", address),
            "properties",
            Map.of(
                "name", Map.of("type", "string"),
                "address", Map.of("$ref", "#/$defs/address")),
            "additionalProperties",
            false);
    return FixtureTool.of(
        "json_schema_2020_12_tool",
        "Tool with JSON Schema 2020-12 features",
        schema,
        (exchange, in) -> FixtureTool.text("Received: " + in.arguments()));
  }
}
