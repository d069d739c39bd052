package dev.opsmcp.common.tool;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** How refusals name a type and a value that was sent: in words, never as a Java type. */
public final class TypeWords {
  private TypeWords() {}

  /** What a value of {@code type} is, in words a model or a person reads. */
  public static String describe(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        return "an array of " + plural(describe(p.getActualTypeArguments()[0]));
      }
      return Map.class.isAssignableFrom(raw) ? "an object" : describe(raw);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return "a string";
    }
    if (Temporal.class.isAssignableFrom(c)) {
      return "an RFC 3339 date-time string (e.g. 2025-01-31T12:00:00Z)";
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "a whole number";
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return "a number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "true or false";
    }
    if (c.isEnum()) {
      return "one of " + String.join(", ", enumNames(c));
    }
    return "an object";
  }

  private static String plural(String one) {
    return switch (one) {
      case "a string" -> "strings";
      case "a whole number" -> "whole numbers";
      case "a number" -> "numbers";
      case "true or false" -> "booleans";
      case "an object" -> "objects";
      default -> "values that are each " + one;
    };
  }

  static String sent(JsonNode node) {
    if (node.isString()) {
      return "the string \"" + clip(node.stringValue()) + "\"";
    }
    if (node.isNumber()) {
      return node.isIntegralNumber() && !node.canConvertToLong()
          ? "a number out of range"
          : "the number " + clip(node.asString());
    }
    if (node.isBoolean()) {
      return node.asString();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return "null";
  }

  /** At most 40 characters of {@code s}: refusals never echo a large value back. */
  public static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  static java.util.List<String> enumNames(Class<?> c) {
    return Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
  }
}
