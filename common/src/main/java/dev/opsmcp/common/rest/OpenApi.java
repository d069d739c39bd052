package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.JsonSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of a route table, generated from it: paths, methods, path and query
 * parameters, request bodies (schemas derived from the input records, as for tools), the scopes of
 * each operation and the one error shape. So the document cannot drift from the routes.
 */
final class OpenApi {
  private static final String ERROR_REF = "#/components/schemas/Error";

  private OpenApi() {}

  static Map<String, Object> document(RouteTable table, List<RouteTable.EventStream> streams) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route<?> route : table.routes()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(route.path().toString(), p -> map());
      item.put(route.method().toLowerCase(Locale.ROOT), operation(route));
    }
    for (RouteTable.EventStream stream : streams) {
      paths.put(stream.path(), Map.of("get", streamOperation(stream)));
    }
    Map<String, Object> doc = map();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info",
        Map.of("title", table.title(), "version", dev.opsmcp.common.server.McpHost.VERSION));
    doc.put("servers", List.of(Map.of("url", table.basePath())));
    doc.put("security", List.of(Map.of("bearer", List.of())));
    doc.put("paths", paths);
    doc.put(
        "components",
        Map.of(
            "securitySchemes",
            Map.of(
                "bearer",
                Map.of(
                    "type", "http",
                    "scheme", "bearer",
                    "description",
                        "An OpsMCP API key (opsmcp_…) or a JWT from the configured issuer")),
            "schemas",
            Map.of("Error", errorSchema())));
    return doc;
  }

  private static Map<String, Object> operation(Route<?> route) {
    Map<String, Object> op = map();
    op.put("operationId", operationId(route));
    op.put("summary", route.summary());
    List<String> scopes = route.scopes().stream().map(Scope::wire).sorted().toList();
    if (!scopes.isEmpty()) {
      op.put("description", "Needs one of the scopes: " + String.join(", ", scopes) + ".");
    }
    op.put("security", List.of(Map.of("bearer", scopes)));
    List<Object> parameters = new ArrayList<>();
    for (String name : route.path().variables()) {
      parameters.add(
          Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
    }
    Map<String, Object> schema = JsonSchemas.of(route.input());
    if (route.readsQuery()) {
      parameters.addAll(queryParameters(schema));
    } else if (route.input().equals(Route.OwnBody.class)) {
      op.put(
          "requestBody",
          Map.of(
              "required",
              true,
              "content",
              Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
    } else if (!route.input().equals(Route.NoInput.class)) {
      Map<String, Object> body = map();
      body.put("required", schema.containsKey("required"));
      body.put("content", Map.of("application/json", Map.of("schema", schema)));
      op.put("requestBody", body);
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    Map<String, Object> responses = map();
    responses.put(
        "200",
        Map.of(
            "description",
            "OK",
            "content",
            Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
    responses.put("default", errorResponse());
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> streamOperation(RouteTable.EventStream stream) {
    Map<String, Object> op = map();
    String id = "get" + stream.path().replaceAll("[^A-Za-z0-9]", "_");
    op.put("operationId", id);
    op.put("summary", stream.summary());
    List<String> scopes = stream.scopes().stream().map(Scope::wire).sorted().toList();
    op.put("description", "Needs one of the scopes: " + String.join(", ", scopes) + ".");
    op.put("security", List.of(Map.of("bearer", scopes)));
    Map<String, Object> responses = map();
    responses.put(
        "200",
        Map.of(
            "description",
            "Server-sent events until the client leaves or its credential ends",
            "content",
            Map.of("text/event-stream", Map.of("schema", Map.of("type", "string")))));
    responses.put("default", errorResponse());
    op.put("responses", responses);
    return op;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> queryParameters(Map<String, Object> schema) {
    List<Object> parameters = new ArrayList<>();
    List<String> required = (List<String>) schema.getOrDefault("required", List.of());
    var properties = (Map<String, Map<String, Object>>) schema.get("properties");
    properties.forEach(
        (name, property) -> {
          Map<String, Object> p = map();
          Map<String, Object> type = new LinkedHashMap<>(property);
          Object description = type.remove("description");
          p.put("name", name);
          p.put("in", "query");
          p.put("required", required.contains(name));
          if (description != null) {
            p.put("description", description);
          }
          p.put("schema", type);
          if ("array".equals(type.get("type"))) {
            p.put("style", "form");
            p.put("explode", true);
          }
          parameters.add(p);
        });
    return parameters;
  }

  private static String operationId(Route<?> route) {
    StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
    for (String segment : route.path().toString().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      String word =
          segment.startsWith("{") ? "by_" + segment.substring(1, segment.length() - 1) : segment;
      id.append('_').append(word.replaceAll("[^A-Za-z0-9_]", "_"));
    }
    return id.toString();
  }

  private static Map<String, Object> errorResponse() {
    return Map.of(
        "description",
        "A refusal: code is one of invalid_argument, unauthorized, forbidden, not_found,"
            + " method_not_allowed, conflict, expired, payload_too_large, unsupported_media_type, rate_limited,"
            + " unavailable, internal; message says what to send instead",
        "content",
        Map.of("application/json", Map.of("schema", Map.of("$ref", ERROR_REF))));
  }

  private static Map<String, Object> errorSchema() {
    Map<String, Object> error = map();
    error.put("type", "object");
    error.put("required", List.of("code", "message"));
    error.put(
        "properties",
        Map.of("code", Map.of("type", "string"), "message", Map.of("type", "string")));
    return Map.of(
        "type", "object", "required", List.of("error"), "properties", Map.of("error", error));
  }

  private static Map<String, Object> map() {
    return new LinkedHashMap<>();
  }
}
