package dev.opsmcp.common.tool;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Derives a tool's JSON input schema from its input record, so the two cannot drift apart. */
public final class JsonSchemas {
  /** Computed once per record type: every tool call checks its arguments against it. */
  private static final ClassValue<List<String>> REQUIRED =
      new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
          return Arrays.stream(type.getRecordComponents())
              .filter(
                  c ->
                      c.getAnnotation(Param.class) == null
                          || !c.getAnnotation(Param.class).optional())
              .map(c -> wireName(c.getName()))
              .toList();
        }
      };

  private JsonSchemas() {}

  public static Map<String, Object> of(Class<? extends Record> type) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Map<String, Object> schema = new LinkedHashMap<>(schemaOf(c.getGenericType()));
      Param param = c.getAnnotation(Param.class);
      if (param != null) {
        schema.put("description", param.value());
      }
      if (param == null || !param.optional()) {
        required.add(wireName(c.getName()));
      }
      properties.put(wireName(c.getName()), schema);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("type", "object");
    root.put("properties", properties);
    if (!required.isEmpty()) {
      root.put("required", required);
    }
    root.put("additionalProperties", false);
    return root;
  }

  /** A component's JSON name: {@code sessionId} → {@code session_id}. */
  public static String wireName(String component) {
    return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** Wire names of the components that must be present and non-null. */
  public static List<String> required(Class<? extends Record> type) {
    return REQUIRED.get(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemaOf(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        return Map.of("type", "array", "items", schemaOf(p.getActualTypeArguments()[0]));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return Map.of(
            "type", "object", "additionalProperties", schemaOf(p.getActualTypeArguments()[1]));
      }
      return schemaOf(raw);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || Temporal.class.isAssignableFrom(c)) {
      return Map.of("type", "string");
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return Map.of("type", "integer");
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return Map.of("type", "number");
    }
    if (c == boolean.class || c == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (c.isEnum()) {
      List<String> names =
          Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
      return Map.of("type", "string", "enum", names);
    }
    if (c.isRecord()) {
      return of((Class<? extends Record>) c);
    }
    if (c == Object.class) {
      return Map.of();
    }
    throw new IllegalArgumentException("no JSON schema mapping for " + c.getName());
  }
}
