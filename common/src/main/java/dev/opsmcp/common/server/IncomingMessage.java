package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.TypeWords;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A POST body on an MCP endpoint, checked before the SDK sees it: one JSON-RPC 2.0 message (a JSON
 * object in UTF-8), and for the methods this server answers, params of the shape the method needs.
 * The SDK answers the rest of what is malformed with a 500, or not at all.
 */
record IncomingMessage(Kind kind, Object id, String method) {
  enum Kind {
    REQUEST,
    NOTIFICATION,
    RESPONSE
  }

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  private static final int MAX_METHOD_CHARS = 100;
  private static final int MAX_ID_CHARS = 200;
  private static final int MAX_NAME_CHARS = 128;
  private static final String SEND =
      "send one JSON-RPC 2.0 message as a JSON object in UTF-8, like"
          + " {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

  private record Field(String name, String type, boolean required) {}

  /** Params of the methods the servers answer; the SDK throws on any other shape. */
  private static final Map<String, List<Field>> PARAMS =
      Map.ofEntries(
          Map.entry(
              "initialize",
              List.of(
                  new Field("protocolVersion", "string", true),
                  new Field("capabilities", "object", false),
                  new Field("clientInfo", "object", false))),
          Map.entry(
              "tools/call",
              List.of(new Field("name", "string", true), new Field("arguments", "object", false))),
          Map.entry(
              "prompts/get",
              List.of(new Field("name", "string", true), new Field("arguments", "object", false))),
          Map.entry("resources/read", List.of(new Field("uri", "string", true))),
          Map.entry("tools/list", List.of(new Field("cursor", "string", false))),
          Map.entry("prompts/list", List.of(new Field("cursor", "string", false))),
          Map.entry("resources/list", List.of(new Field("cursor", "string", false))),
          Map.entry("resources/templates/list", List.of(new Field("cursor", "string", false))),
          Map.entry("logging/setLevel", List.of(new Field("level", "string", true))),
          Map.entry("notifications/cancelled", List.of(new Field("reason", "string", false))),
          Map.entry(
              "notifications/progress",
              List.of(
                  new Field("progress", "number", true),
                  new Field("total", "number", false),
                  new Field("message", "string", false))));

  private static final Map<String, String> EXAMPLES =
      Map.of(
          "tools/call", "{\"name\": \"<tool>\", \"arguments\": {<the tool's arguments>}}",
          "prompts/get", "{\"name\": \"<prompt>\", \"arguments\": {\"<argument>\": \"<text>\"}}",
          "resources/read", "{\"uri\": \"<a uri from resources/list>\"}",
          "initialize",
              "{\"protocolVersion\": \"2025-06-18\", \"capabilities\": {},"
                  + " \"clientInfo\": {\"name\": \"<client>\", \"version\": \"1\"}}",
          "logging/setLevel", "{\"level\": \"info\"}");

  /** A message this server cannot take, with the JSON-RPC code and what to send instead. */
  static final class Refused extends Exception {
    final int code;
    final transient Object id;

    Refused(int code, Object id, String message) {
      super(message, null, false, false);
      this.code = code;
      this.id = id;
    }
  }

  static IncomingMessage read(byte[] body) throws Refused {
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new Refused(
          PARSE_ERROR, null, "Parse error: " + TypeWords.problem(e, "field") + "; " + SEND);
    }
    if (message == null || message.isMissingNode()) {
      throw new Refused(INVALID_REQUEST, null, "Empty body: " + SEND);
    }
    if (message.isArray()) {
      throw new Refused(
          INVALID_REQUEST, null, "Batches are not supported: " + SEND + ", one per request");
    }
    if (!message.isObject()) {
      throw new Refused(INVALID_REQUEST, null, "Not a JSON-RPC message: " + SEND);
    }
    Object id = id(message.get("id"));
    JsonNode version = message.get("jsonrpc");
    if (version == null || !version.isString() || !version.asString().equals("2.0")) {
      throw new Refused(INVALID_REQUEST, id, "'jsonrpc' must be \"2.0\": " + SEND);
    }
    JsonNode method = message.get("method");
    if (method == null) {
      return response(message, id);
    }
    if (!method.isString() || method.asString().isBlank()) {
      throw new Refused(INVALID_REQUEST, id, "'method' must be a method name: " + SEND);
    }
    String name = method.asString();
    if (name.length() > MAX_METHOD_CHARS) {
      throw new Refused(METHOD_NOT_FOUND, id, "Method not found: " + Echo.of(name));
    }
    checkParams(name, message.get("params"), id);
    return new IncomingMessage(message.has("id") ? Kind.REQUEST : Kind.NOTIFICATION, id, name);
  }

  private static IncomingMessage response(JsonNode message, Object id) throws Refused {
    boolean result = message.has("result");
    boolean error = message.has("error");
    if (id == null || result == error) {
      throw new Refused(
          INVALID_REQUEST,
          id,
          "Not a JSON-RPC message: a request needs 'method' and 'id', a notification 'method',"
              + " a response 'id' and either 'result' or 'error'; "
              + SEND);
    }
    return new IncomingMessage(Kind.RESPONSE, id, null);
  }

  private static Object id(JsonNode id) throws Refused {
    if (id == null || id.isNull()) {
      return null;
    }
    if (id.isString() && id.asString().length() <= MAX_ID_CHARS) {
      return id.asString();
    }
    if (id.isIntegralNumber() && id.canConvertToLong()) {
      return id.asLong();
    }
    throw new Refused(
        INVALID_REQUEST,
        null,
        "'id' must be an integer or a string of at most " + MAX_ID_CHARS + " characters: " + SEND);
  }

  private static void checkParams(String method, JsonNode params, Object id) throws Refused {
    List<Field> fields = PARAMS.getOrDefault(method, List.of());
    if (params == null || params.isNull()) {
      if (fields.stream().anyMatch(Field::required)) {
        throw invalidParams(method, id, method + " needs params");
      }
      return;
    }
    if (!params.isObject()) {
      throw invalidParams(method, id, "'params' of " + method + " must be an object");
    }
    JsonNode meta = params.get("_meta");
    if (meta != null && !meta.isNull() && !meta.isObject()) {
      throw invalidParams(method, id, "'params._meta' must be an object");
    }
    for (Field field : fields) {
      JsonNode value = params.get(field.name());
      if (value == null || value.isNull()) {
        if (field.required()) {
          throw invalidParams(
              method, id, method + " needs 'params." + field.name() + "' (a " + field.type() + ")");
        }
      } else if (!hasType(value, field.type())) {
        throw invalidParams(
            method,
            id,
            "'params." + field.name() + "' of " + method + " must be a" + article(field));
      }
    }
    // The SDK sends an unknown name back in full.
    boolean named = method.equals("tools/call") || method.equals("prompts/get");
    String name = named ? params.get("name").asString() : "";
    if (name.length() > MAX_NAME_CHARS) {
      String kind = method.substring(0, method.indexOf('/') - 1);
      throw new Refused(
          INVALID_PARAMS,
          id,
          "Unknown " + kind + " " + Echo.of(name) + ": " + kind + "s/list names them");
    }
  }

  private static String article(Field field) {
    return (field.type().equals("object") ? "n " : " ") + field.type();
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isString();
      case "object" -> value.isObject();
      case "number" -> value.isNumber();
      default -> throw new IllegalArgumentException(type);
    };
  }

  private static Refused invalidParams(String method, Object id, String problem) {
    String example = EXAMPLES.get(method);
    return new Refused(
        INVALID_PARAMS,
        id,
        "Invalid params: " + problem + (example == null ? "" : "; send params like " + example));
  }
}
