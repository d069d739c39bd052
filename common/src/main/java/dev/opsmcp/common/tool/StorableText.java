package dev.opsmcp.common.tool;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Text input both databases store alike: no NUL character (PostgreSQL text cannot hold one, the
 * embedded database can) and no unpaired UTF-16 surrogate (a lone {@code \ud800} escape in JSON:
 * PostgreSQL turns it into {@code ?}, and it cannot be written as UTF-8 to a file or an answer).
 */
public final class StorableText {
  private StorableText() {}

  /** Why {@code text} cannot be stored, or null when it can. */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "contains the character U+0000 (NUL) at position "
            + i
            + ", which cannot be stored; remove it or write it as text such as \\0";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate (\\u"
            + HexFormat.of().toHexDigits(c)
            + ") at character "
            + i
            + ": send valid Unicode text";
      }
    }
    return null;
  }

  /**
   * The refusal of the first key or string in parsed JSON {@code value} that cannot be stored,
   * naming where it is ({@code noun} names the fields: "argument", "field"); null if all can.
   */
  public static String refusal(Object value, String noun) {
    return find(value, "", noun);
  }

  private static String find(Object value, String path, String noun) {
    if (value instanceof String s) {
      String problem = problem(s);
      return problem == null ? null : noun + " " + Echo.of(path) + " is refused: it " + problem;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String problem = problem(key);
        if (problem != null) {
          return "the name of a"
              + (noun.startsWith("a") ? "n " : " ")
              + noun
              + " is refused: it "
              + problem;
        }
        String found = find(e.getValue(), path.isEmpty() ? key : path + "." + key, noun);
        if (found != null) {
          return found;
        }
      }
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String found = find(list.get(i), path + "[" + i + "]", noun);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
