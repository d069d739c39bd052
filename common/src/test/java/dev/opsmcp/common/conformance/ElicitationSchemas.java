package dev.opsmcp.common.conformance;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The requested schemas of the elicitation fixtures. */
final class ElicitationSchemas {
  static final Map<String, Object> USER =
      FixtureTool.requiredStrings(
          Map.of("username", "User's response", "email", "User's email address"));

  static final Map<String, Object> WITH_DEFAULTS =
      object(
          Map.of(
              "name", Map.of("type", "string", "default", "John Doe"),
              "age", Map.of("type", "integer", "default", 30),
              "score", Map.of("type", "number", "default", 95.5),
              "status",
                  Map.of(
                      "type",
                      "string",
                      "enum",
                      List.of("active", "inactive", "pending"),
                      "default",
                      "active"),
              "verified", Map.of("type", "boolean", "default", true)));

  static final Map<String, Object> ENUMS =
      object(
          Map.of(
              "untitledSingle",
              Map.of("type", "string", "enum", List.of("option1", "option2", "option3")),
              "titledSingle",
              Map.of(
                  "type",
                  "string",
                  "oneOf",
                  titled("value", "First Option", "Second Option", "Third Option")),
              "legacyEnum",
              Map.of(
                  "type",
                  "string",
                  "enum",
                  List.of("opt1", "opt2", "opt3"),
                  "enumNames",
                  List.of("Option One", "Option Two", "Option Three")),
              "untitledMulti",
              Map.of(
                  "type",
                  "array",
                  "items",
                  Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))),
              "titledMulti",
              Map.of(
                  "type",
                  "array",
                  "items",
                  Map.of(
                      "anyOf", titled("value", "First Choice", "Second Choice", "Third Choice")))));

  private ElicitationSchemas() {}

  private static Map<String, Object> object(Map<String, Object> properties) {
    return Map.of("type", "object", "properties", properties);
  }

  /** {@code [{const: "<prefix>1", title: titles[0]}, …]}. */
  private static List<Map<String, String>> titled(String prefix, String... titles) {
    return IntStream.range(0, titles.length)
        .mapToObj(i -> Map.of("const", prefix + (i + 1), "title", titles[i]))
        .toList();
  }
}
