package dev.opsmcp.common.tool;

import java.time.temporal.Temporal;
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
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Describes a JSON input mistake for whoever sent it: which field (by its JSON name), what it must
 * be, what to send instead. Never names a Java type or class, unlike Jackson's own messages.
 */
public final class JsonProblem {
  private JsonProblem() {}

  /**
   * A sentence such as {@code 'wait_seconds' must be an integer (got the string '5')} or {@code
   * unknown argument 'colour' (accepted: text)}; {@code noun} names the fields ("argument",
   * "field").
   */
  public static String describe(JacksonException e, String noun) {
    String at = path(e.getPath());
    if (e instanceof UnrecognizedPropertyException u) {
      String accepted =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ", " (accepted: ", ")"));
      String parent = at.contains(".") ? " in '" + at.substring(0, at.lastIndexOf('.')) + "'" : "";
      return "unknown " + noun + " " + Echo.of(u.getPropertyName()) + parent + accepted;
    }
    if (e instanceof InvalidNullException) {
      return subject(at, noun) + " must not be null";
    }
    if (e instanceof InputCoercionException c) {
      return subject(at, noun) + " is out of range for " + expected(c.getTargetType());
    }
    if (e instanceof MismatchedInputException m) {
      return subject(at, noun) + " must be " + expected(m.getTargetType()) + got(m);
    }
    if (e instanceof StreamConstraintsException) {
      return "the JSON is nested too deeply or holds a value too long to read" + where(e);
    }
    if (e instanceof StreamReadException) {
      return "the body is not valid JSON: " + firstLine(e.getOriginalMessage()) + where(e);
    }
    return subject(at, noun) + " does not have the expected shape";
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

  /** What a value of {@code type} looks like in JSON, in words. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "a string (an RFC 3339 time, like 2025-01-31T14:05:00Z)";
    }
    if (type == int.class || type == Integer.class) {
      return "an integer (from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
    }
    if (type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class
        || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean (true or false)";
    }
    if (type.isEnum()) {
      return "one of " + String.join(", ", TypeWords.enumNames(type));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "another type";
  }

  private static String got(MismatchedInputException m) {
    if (m instanceof InvalidFormatException f && f.getValue() != null) {
      Object value = f.getValue();
      return value instanceof String s
          ? " (got the string " + Echo.of(s) + ")"
          : " (got " + Echo.of(value) + ")";
    }
    JsonToken token = m.getCurrentToken();
    if (token == null) {
      return "";
    }
    return switch (token) {
      case START_ARRAY -> " (got an array)";
      case START_OBJECT -> " (got an object)";
      case VALUE_STRING -> " (got a string)";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> " (got a number)";
      case VALUE_TRUE, VALUE_FALSE -> " (got a boolean)";
      case VALUE_NULL -> " (got null)";
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
}
