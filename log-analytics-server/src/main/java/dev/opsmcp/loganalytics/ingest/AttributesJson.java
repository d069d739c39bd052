package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.tool.Json;
import java.util.Map;

/**
 * A record's attributes as the JSON object text ingest stores: written here for the values nearly
 * every attribute has (strings, integers, booleans, null), with Jackson's escapes, and by Jackson
 * ({@link Json#write}) for the rest (doubles, arrays, maps), so the text is the same as Jackson
 * writes for the whole map, without building its serializer chain once per record.
 */
public final class AttributesJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private AttributesJson() {}

  static String write(Map<String, Object> attrs) {
    StringBuilder sb = new StringBuilder(32 * attrs.size() + 2);
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      string(sb, e.getKey());
      sb.append(':');
      Object v = e.getValue();
      if (v == null) {
        sb.append("null");
      } else if (v instanceof String s) {
        string(sb, s);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
        sb.append(v);
      } else {
        sb.append(Json.write(v));
      }
    }
    return sb.append('}').toString();
  }

  /** A JSON string as Jackson writes one: short escapes where they exist, \\u00XX for the rest. */
  public static void string(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    sb.append(s, start, s.length()).append('"');
  }
}
