package dev.opsmcp.common.rest;

import dev.opsmcp.common.tool.InputReader;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads query parameters into an input record: each is first converted to its component's JSON type
 * (so {@code limit=abc} is refused as not an integer), then read as a JSON body is. A list takes
 * repeated or comma-separated values.
 */
final class QueryInput {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private QueryInput() {}

  static <R extends Record> R read(Map<String, String[]> params, Class<R> type) throws ToolFailure {
    Map<String, RecordComponent> components = InputReader.components(type);
    ObjectNode tree = NODES.objectNode();
    for (Map.Entry<String, String[]> p : params.entrySet()) {
      RecordComponent c = components.get(p.getKey());
      if (c == null) {
        throw new ToolFailure(
            "unknown query parameter '"
                + TypeWords.clip(p.getKey())
                + "'; this endpoint takes "
                + InputReader.names(type));
      }
      tree.set(p.getKey(), value(p.getKey(), p.getValue(), c.getGenericType()));
    }
    return InputReader.fromTree(tree, type, "query parameter");
  }

  /** Whether {@code type} can come from a query string: scalars and lists of scalars only. */
  static boolean readable(Class<? extends Record> type) {
    for (RecordComponent c : type.getRecordComponents()) {
      Type t = c.getGenericType();
      if (t instanceof ParameterizedType p
          && Collection.class.isAssignableFrom((Class<?>) p.getRawType())) {
        t = p.getActualTypeArguments()[0];
      }
      if (!(t instanceof Class<?> k) || !scalarType(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean scalarType(Class<?> c) {
    return c == String.class
        || java.time.temporal.Temporal.class.isAssignableFrom(c)
        || c.isPrimitive()
        || c == Integer.class
        || c == Long.class
        || c == Double.class
        || c == Float.class
        || c == Boolean.class
        || c.isEnum();
  }

  private static JsonNode value(String name, String[] values, Type type) throws ToolFailure {
    if (type instanceof ParameterizedType p
        && Collection.class.isAssignableFrom((Class<?>) p.getRawType())) {
      ArrayNode array = NODES.arrayNode();
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isEmpty()) {
            array.add(scalar(name, part, p.getActualTypeArguments()[0]));
          }
        }
      }
      return array;
    }
    if (values.length != 1) {
      throw new ToolFailure("query parameter '" + name + "' was sent more than once; send it once");
    }
    return scalar(name, values[0], type);
  }

  private static JsonNode scalar(String name, String text, Type type) throws ToolFailure {
    Class<?> c = (Class<?>) type;
    try {
      if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
        return NODES.numberNode(Long.parseLong(text));
      }
      if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
          throw new NumberFormatException(text);
        }
        return NODES.numberNode(d);
      }
    } catch (NumberFormatException e) {
      throw new ToolFailure(
          "query parameter '"
              + name
              + "' must be "
              + TypeWords.describe(type)
              + ", not '"
              + TypeWords.clip(text)
              + "'");
    }
    if (c == boolean.class || c == Boolean.class) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new ToolFailure("query parameter '" + name + "' must be a boolean (true or false)");
      }
      return NODES.booleanNode(Boolean.parseBoolean(text));
    }
    return NODES.stringNode(text);
  }
}
