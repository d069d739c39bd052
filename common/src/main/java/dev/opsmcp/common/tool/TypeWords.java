package dev.opsmcp.common.tool;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one wording of input refusals: what a type is ({@link #describe}), what was sent ({@link
 * #sent}), and a JSON mistake Jackson reported ({@link #problem}), in words a model or a person
 * reads, never as a Java type. {@link InputReader} (REST bodies, query strings) and the MCP
 * argument parser say the same thing for the same mistake, e.g. {@code argument 'wait_seconds' must
 * be an integer, not the string "5"}. Stateless.
 */
public final class TypeWords {
  private TypeWords() {}

  /** What a value of {@code type} is. */
  public static String describe(Type type) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw)) {
        return "an array of " + plural(describe(p.getActualTypeArguments()[0]));
      }
      return Map.class.isAssignableFrom(raw) ? "an object" : describe(raw);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || CharSequence.class.isAssignableFrom(c)) {
      return "a string";
    }
    if (Temporal.class.isAssignableFrom(c)) {
      return "an RFC 3339 date-time string (e.g. 2025-01-31T12:00:00Z)";
    }
    if (c == int.class
        || c == Integer.class
        || c == long.class
        || c == Long.class
        || c == short.class
        || c == Short.class
        || c == BigInteger.class) {
      return "an integer";
    }
    if (c == double.class || c == float.class || Number.class.isAssignableFrom(c)) {
      return "a number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "a boolean (true or false)";
    }
    if (c.isEnum()) {
      return "one of " + String.join(", ", enumNames(c));
    }
    if (c.isArray() || Collection.class.isAssignableFrom(c)) {
      return "an array";
    }
    return "an object";
  }

  private static String plural(String one) {
    return switch (one) {
      case "a string" -> "strings";
      case "an integer" -> "integers";
      case "a number" -> "numbers";
      case "a boolean (true or false)" -> "booleans";
      case "an object" -> "objects";
      default -> "values that are each " + one;
    };
  }

  /** What was sent, e.g. {@code the string "5"}, {@code an array}. */
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

  /**
   * A sentence for a mistake Jackson found reading JSON into a type, e.g. {@code argument
   * 'wait_seconds' must be an integer, not the string "5"} or {@code unknown argument 'colour';
   * send only text}; {@code noun} names the fields ("argument", "field").
   */
  public static String problem(JacksonException e, String noun) {
    String at = path(e.getPath());
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = at.contains(".") ? " in '" + at.substring(0, at.lastIndexOf('.')) + "'" : "";
      String accepted =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ", "; send only ", ""));
      return "unknown " + noun + " '" + clip(u.getPropertyName()) + "'" + parent + accepted;
    }
    if (e instanceof InvalidNullException) {
      return subject(at, noun) + " must not be null";
    }
    if (e instanceof InputCoercionException c) {
      return subject(at, noun)
          + " must be "
          + expected(c.getTargetType())
          + ", not a number out of range";
    }
    if (e instanceof MismatchedInputException m) {
      String got = got(m);
      return subject(at, noun) + " must be " + expected(m.getTargetType()) + got;
    }
    if (e instanceof StreamConstraintsException) {
      return "the JSON is nested too deeply or holds a value too long to read" + where(e);
    }
    if (e instanceof StreamReadException) {
      return "the body is not valid JSON: " + firstLine(e.getOriginalMessage()) + where(e);
    }
    return subject(at, noun) + " does not have the expected shape";
  }

  private static String expected(Class<?> type) {
    return type == null ? "another type" : describe(type);
  }

  private static String subject(String at, String noun) {
    return at.isEmpty() ? "the value" : noun + " '" + at + "'";
  }

  /** {@code a.b[2].c} from Jackson's reference chain. */
  static String path(List<JacksonException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference ref : refs) {
      if (ref.getPropertyName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** {@code , not the string "5"} (as {@link #sent} words it), or empty when it cannot be told. */
  private static String got(MismatchedInputException m) {
    if (m instanceof InvalidFormatException f && f.getValue() != null) {
      Object value = f.getValue();
      return value instanceof String s
          ? ", not the string \"" + clip(s) + "\""
          : ", not " + clip(String.valueOf(value));
    }
    JsonToken token = m.getCurrentToken();
    if (token == null) {
      return "";
    }
    return switch (token) {
      case START_ARRAY -> ", not an array";
      case START_OBJECT -> ", not an object";
      case VALUE_STRING -> ", not a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", not a number";
      case VALUE_TRUE -> ", not true";
      case VALUE_FALSE -> ", not false";
      case VALUE_NULL -> ", not null";
      default -> "";
    };
  }

  private static String where(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? ""
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    int marker = line.indexOf(" (start marker at");
    if (marker >= 0) {
      line = line.substring(0, marker);
    }
    // Jackson quotes the offending token; a huge one would be sent back whole.
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** At most 40 characters of {@code s}: refusals never echo a large value back. */
  public static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  static List<String> enumNames(Class<?> c) {
    return Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
  }
}
