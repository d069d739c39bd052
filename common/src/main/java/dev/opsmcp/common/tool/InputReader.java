package dev.opsmcp.common.tool;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads JSON (a request body or tool arguments) into an input record, strictly: every value must
 * have the JSON type of its component (no {@code "true"} for true, no number for a string), unknown
 * names are refused, required ones must be present. A refusal is a {@link ToolFailure} that names
 * the field, the type it needs and what was sent, never a Java type.
 */
public final class InputReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Computed once per record type: every input read checks its names against it. */
  private static final ClassValue<Map<String, RecordComponent>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Map<String, RecordComponent> computeValue(Class<?> type) {
          return Collections.unmodifiableMap(
              Arrays.stream(type.getRecordComponents())
                  .collect(
                      Collectors.toMap(
                          c -> JsonSchemas.wireName(c.getName()),
                          c -> c,
                          (a, b) -> a,
                          java.util.LinkedHashMap::new)));
        }
      };

  private InputReader() {}

  /** A JSON request body; an empty body is an empty object. */
  public static <R extends Record> R fromJson(byte[] body, Class<R> type) throws ToolFailure {
    JsonNode tree;
    if (isBlank(body)) {
      tree = NODES.objectNode();
    } else {
      try {
        tree = Json.MAPPER.readTree(body);
      } catch (JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where =
            at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        throw new ToolFailure(
            "the body is not valid JSON" + where + ": send one JSON object with " + names(type));
      }
    }
    return fromTree(tree, type, "field");
  }

  /** A parsed JSON value; {@code noun} is what messages call a name ("field", "argument"). */
  public static <R extends Record> R fromTree(JsonNode tree, Class<R> type, String noun)
      throws ToolFailure {
    if (tree == null || !tree.isObject()) {
      throw new ToolFailure(
          "send a JSON object with "
              + names(type)
              + ", not "
              + (tree == null ? "nothing" : TypeWords.sent(tree)));
    }
    checkObject(tree, type, "", noun);
    try {
      return Json.MAPPER.treeToValue(tree, type);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof IllegalArgumentException refused
          && refused.getMessage() != null) {
        throw new ToolFailure(refused.getMessage());
      }
      throw new ToolFailure("the " + noun + "s sent cannot be used together; see the schema");
    } catch (JacksonException e) {
      // The JSON types were right; the value was not (a date-time that does not parse, say).
      String path = TypeWords.path(e.getPath());
      Type needed = typeAt(type, e.getPath());
      throw new ToolFailure(
          noun
              + (path.isEmpty() ? "s" : " '" + path + "'")
              + " cannot be read: send "
              + (needed == null ? names(type) : TypeWords.describe(needed)));
    }
  }

  private static void checkObject(
      JsonNode node, Class<? extends Record> type, String prefix, String noun) throws ToolFailure {
    Map<String, RecordComponent> components = components(type);
    for (String name : node.propertyNames()) {
      if (!components.containsKey(name)) {
        throw new ToolFailure(
            "unknown "
                + noun
                + " '"
                + TypeWords.clip(prefix + name)
                + "'; send only "
                + (prefix.isEmpty() ? "" : "in '" + prefix.substring(0, prefix.length() - 1) + "' ")
                + names(type));
      }
    }
    for (RecordComponent c : type.getRecordComponents()) {
      String name = JsonSchemas.wireName(c.getName());
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        if (required(c)) {
          throw new ToolFailure(
              "missing required "
                  + noun
                  + " '"
                  + prefix
                  + name
                  + "' ("
                  + TypeWords.describe(c.getGenericType())
                  + ")");
        }
        continue;
      }
      checkValue(value, c.getGenericType(), prefix + name, noun);
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkValue(JsonNode node, Type type, String path, String noun)
      throws ToolFailure {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        expect(node.isArray(), node, type, path, noun);
        for (int i = 0; i < node.size(); i++) {
          JsonNode item = node.get(i);
          if (item.isNull()) {
            throw new ToolFailure(noun + " '" + path + "[" + i + "]' is null; leave it out");
          }
          checkValue(item, p.getActualTypeArguments()[0], path + "[" + i + "]", noun);
        }
        return;
      }
      if (Map.class.isAssignableFrom(raw)) {
        expect(node.isObject(), node, type, path, noun);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (!e.getValue().isNull()) {
            checkValue(e.getValue(), p.getActualTypeArguments()[1], path + "." + e.getKey(), noun);
          }
        }
        return;
      }
      checkValue(node, raw, path, noun);
      return;
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || Temporal.class.isAssignableFrom(c)) {
      expect(node.isString(), node, type, path, noun);
    } else if (c == int.class || c == Integer.class) {
      expect(node.isIntegralNumber() && node.canConvertToInt(), node, type, path, noun);
    } else if (c == long.class || c == Long.class) {
      expect(node.isIntegralNumber() && node.canConvertToLong(), node, type, path, noun);
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      expect(node.isNumber(), node, type, path, noun);
    } else if (c == boolean.class || c == Boolean.class) {
      expect(node.isBoolean(), node, type, path, noun);
    } else if (c.isEnum()) {
      expect(node.isString() && isConstant(c, node.stringValue()), node, type, path, noun);
    } else if (c.isRecord()) {
      expect(node.isObject(), node, type, path, noun);
      checkObject(node, (Class<? extends Record>) c, path + ".", noun);
    } else if (c != Object.class) {
      throw new IllegalArgumentException("no JSON mapping for " + c.getName());
    }
  }

  private static void expect(boolean ok, JsonNode node, Type type, String path, String noun)
      throws ToolFailure {
    if (!ok) {
      throw new ToolFailure(
          noun
              + " '"
              + path
              + "' must be "
              + TypeWords.describe(type)
              + ", not "
              + TypeWords.sent(node));
    }
  }

  /** The components of {@code type} by wire name, in declaration order (unmodifiable). */
  public static Map<String, RecordComponent> components(Class<? extends Record> type) {
    return COMPONENTS.get(type);
  }

  private static boolean required(RecordComponent c) {
    Param param = c.getAnnotation(Param.class);
    return param == null || !param.optional();
  }

  /** The wire names {@code type} takes, the optional ones marked, for refusals. */
  public static String names(Class<? extends Record> type) {
    List<String> names = List.copyOf(components(type).keySet());
    if (names.isEmpty()) {
      return "no fields";
    }
    Set<String> required =
        Arrays.stream(type.getRecordComponents())
            .filter(InputReader::required)
            .map(c -> JsonSchemas.wireName(c.getName()))
            .collect(Collectors.toSet());
    return names.stream()
        .map(n -> required.contains(n) ? n : n + " (optional)")
        .collect(Collectors.joining(", "));
  }

  private static boolean isConstant(Class<?> enumType, String value) {
    return TypeWords.enumNames(enumType).stream().anyMatch(n -> n.equalsIgnoreCase(value));
  }

  /** The declared type at {@code path} inside {@code root}, or null when it cannot be told. */
  private static Type typeAt(Class<? extends Record> root, List<JacksonException.Reference> path) {
    Type at = root;
    for (JacksonException.Reference r : path) {
      if (at instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        at =
            Collection.class.isAssignableFrom(raw)
                ? p.getActualTypeArguments()[0]
                : Map.class.isAssignableFrom(raw) ? p.getActualTypeArguments()[1] : raw;
      } else if (at instanceof Class<?> c && c.isRecord() && r.getPropertyName() != null) {
        @SuppressWarnings("unchecked")
        RecordComponent component =
            components((Class<? extends Record>) c).get(r.getPropertyName());
        if (component == null) {
          return null;
        }
        at = component.getGenericType();
      } else {
        return null;
      }
    }
    return at == root ? null : at;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
