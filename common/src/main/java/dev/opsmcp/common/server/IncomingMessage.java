package dev.opsmcp.common.server;

import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.TypeWords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

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

  private static final String META = "_meta";
  private static final Object BAD_ID = new Object();

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

  /** The params members the checks look at; the scan skips all others unread. */
  private static final Set<String> PARAM_NAMES =
      Stream.concat(
              Stream.of(META), PARAMS.values().stream().flatMap(List::stream).map(Field::name))
          .collect(Collectors.toUnmodifiableSet());

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
    Scan message = new Scan();
    try (JsonParser parser = Json.MAPPER.createParser(body)) {
      message.scan(parser);
      if (message.root != null && parser.nextToken() != null) {
        TokenStreamLocation at = parser.currentTokenLocation();
        throw new Refused(
            PARSE_ERROR,
            null,
            "Parse error: more JSON follows the message (line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + "); "
                + SEND);
      }
    } catch (JacksonException e) {
      throw new Refused(
          PARSE_ERROR, null, "Parse error: " + TypeWords.problem(e, "field") + "; " + SEND);
    }
    if (message.root == null) {
      throw new Refused(INVALID_REQUEST, null, "Empty body: " + SEND);
    }
    if (message.root == JsonToken.START_ARRAY) {
      throw new Refused(
          INVALID_REQUEST, null, "Batches are not supported: " + SEND + ", one per request");
    }
    if (message.root != JsonToken.START_OBJECT) {
      throw new Refused(INVALID_REQUEST, null, "Not a JSON-RPC message: " + SEND);
    }
    Object id = message.id();
    if (message.version != JsonToken.VALUE_STRING || !"2.0".equals(message.versionText)) {
      throw new Refused(INVALID_REQUEST, id, "'jsonrpc' must be \"2.0\": " + SEND);
    }
    if (message.method == null) {
      return response(message, id);
    }
    if (message.method != JsonToken.VALUE_STRING || message.methodText.isBlank()) {
      throw new Refused(INVALID_REQUEST, id, "'method' must be a method name: " + SEND);
    }
    String name = message.methodText;
    if (name.length() > MAX_METHOD_CHARS) {
      throw new Refused(METHOD_NOT_FOUND, id, "Method not found: " + Echo.of(name));
    }
    checkParams(name, message, id);
    return new IncomingMessage(message.hasId ? Kind.REQUEST : Kind.NOTIFICATION, id, name);
  }

  private static IncomingMessage response(Scan message, Object id) throws Refused {
    if (id == null || message.hasResult == message.hasError) {
      throw new Refused(
          INVALID_REQUEST,
          id,
          "Not a JSON-RPC message: a request needs 'method' and 'id', a notification 'method',"
              + " a response 'id' and either 'result' or 'error'; "
              + SEND);
    }
    return new IncomingMessage(Kind.RESPONSE, id, null);
  }

  private static void checkParams(String method, Scan message, Object id) throws Refused {
    List<Field> fields = PARAMS.getOrDefault(method, List.of());
    if (message.params == null || message.params == JsonToken.VALUE_NULL) {
      if (fields.stream().anyMatch(Field::required)) {
        throw invalidParams(method, id, method + " needs params");
      }
      return;
    }
    if (message.params != JsonToken.START_OBJECT) {
      throw invalidParams(method, id, "'params' of " + method + " must be an object");
    }
    JsonToken meta = message.paramTypes.get(META);
    if (meta != null && meta != JsonToken.VALUE_NULL && meta != JsonToken.START_OBJECT) {
      throw invalidParams(method, id, "'params._meta' must be an object");
    }
    for (Field field : fields) {
      JsonToken value = message.paramTypes.get(field.name());
      if (value == null || value == JsonToken.VALUE_NULL) {
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
    String name = named ? message.paramName : "";
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

  private static boolean hasType(JsonToken value, String type) {
    return switch (type) {
      case "string" -> value == JsonToken.VALUE_STRING;
      case "object" -> value == JsonToken.START_OBJECT;
      case "number" -> value.isNumeric();
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

  /**
   * What the checks need of one message, read in a single pass of the streaming parser (no tree):
   * the root token, the top-level members' tokens and short values, and the tokens of the params
   * members named in {@link #PARAMS}. Skipped values are still read through, so malformed JSON
   * anywhere in the body is a parse error. A repeated member counts as its last occurrence, as in a
   * tree.
   */
  private static final class Scan {
    JsonToken root;
    boolean hasId;
    Object idValue;
    JsonToken version;
    String versionText;
    JsonToken method;
    String methodText;
    JsonToken params;
    final Map<String, JsonToken> paramTypes = new HashMap<>(8);
    String paramName;
    boolean hasResult;
    boolean hasError;

    void scan(JsonParser parser) {
      root = parser.nextToken();
      if (root == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          member(parser, parser.currentName(), parser.nextToken());
        }
      } else if (root != null) {
        parser.skipChildren();
      }
    }

    private void member(JsonParser parser, String name, JsonToken value) {
      switch (name) {
        case "id" -> {
          hasId = true;
          idValue = idValue(parser, value);
        }
        case "jsonrpc" -> {
          version = value;
          versionText = value == JsonToken.VALUE_STRING ? parser.getString() : null;
        }
        case "method" -> {
          method = value;
          methodText = value == JsonToken.VALUE_STRING ? parser.getString() : null;
        }
        case "params" -> {
          params = value;
          paramTypes.clear();
          paramName = null;
          if (value == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
              param(parser, parser.currentName(), parser.nextToken());
            }
            return;
          }
        }
        case "result" -> hasResult = true;
        case "error" -> hasError = true;
        default -> {}
      }
      parser.skipChildren();
    }

    private void param(JsonParser parser, String name, JsonToken value) {
      if (PARAM_NAMES.contains(name)) {
        paramTypes.put(name, value);
        if (name.equals("name")) {
          paramName = value == JsonToken.VALUE_STRING ? parser.getString() : null;
        }
      }
      parser.skipChildren();
    }

    /** A string id, a long id, null for none, or {@link #BAD_ID} for any other. */
    private static Object idValue(JsonParser parser, JsonToken value) {
      if (value == JsonToken.VALUE_NULL) {
        return null;
      }
      if (value == JsonToken.VALUE_STRING) {
        String id = parser.getString();
        return id.length() <= MAX_ID_CHARS ? id : BAD_ID;
      }
      if (value == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        return parser.getLongValue();
      }
      return BAD_ID;
    }

    Object id() throws Refused {
      if (idValue == BAD_ID) {
        throw new Refused(
            INVALID_REQUEST,
            null,
            "'id' must be an integer or a string of at most "
                + MAX_ID_CHARS
                + " characters: "
                + SEND);
      }
      return idValue;
    }
  }
}
