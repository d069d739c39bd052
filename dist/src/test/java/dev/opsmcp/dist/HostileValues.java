package dev.opsmcp.dist;

import dev.opsmcp.common.tool.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The values and bodies the hostile-input suite sends: every JSON type where another is expected,
 * huge, deeply nested and malformed text, and bytes that are not JSON or not UTF-8. None contains
 * what the suite looks for in answers (class names), so an echo is never mistaken for a leak.
 */
final class HostileValues {
  private static final tools.jackson.databind.ObjectWriter ASCII =
      Json.MAPPER.writer().with(tools.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);

  private HostileValues() {}

  /** JSON text in ASCII, so that an unpaired surrogate goes out as an escape, not as '?'. */
  static String json(Object value) {
    return ASCII.writeValueAsString(value);
  }

  static final String HUGE = "y".repeat(100_000);

  /** JSON values, as Java objects Jackson writes: one of each type, and the awkward ones. */
  static final List<Object> VALUES =
      List.of(
          "",
          "x",
          "true",
          "1",
          HUGE,
          "a\u0000b",
          "\ud800",
          "\ud83d\ude00 \u202e",
          "../../../etc/passwd",
          "' OR '1'='1",
          "x'); DROP TABLE incident; --",
          "%_\\",
          "${jndi:ldap://127.0.0.1/x}",
          -1,
          1.5,
          1e300,
          new java.math.BigInteger("12345678901234567890"),
          true,
          List.of(),
          List.of("x"),
          Map.of(),
          Map.of("x", 1),
          nested(100));

  /** A value of each JSON type, and the awkward strings: for the second transport. */
  static final List<Object> FEW_VALUES =
      List.of("", HUGE, "\ud800", -1, 1.5, true, List.of("x"), Map.of());

  /**
   * One JSON text per kind of trouble (where the full list would only repeat a code path), and a
   * few that Jackson would not write from an object.
   */
  static final List<String> RAW_VALUES = rawValues();

  private static List<String> rawValues() {
    List<String> raw = new ArrayList<>();
    for (Object v :
        List.of("", "x", HUGE, "\ud800", "a\u0000b", -1, 1.5, 1e300, true, List.of(), Map.of())) {
      raw.add(json(v));
    }
    raw.add(json(List.of("x")));
    raw.add(json(nested(100)));
    raw.add("null");
    raw.add("1" + "0".repeat(400));
    raw.add("[".repeat(600) + "]".repeat(600));
    return raw;
  }

  /** An array nested {@code depth} deep. */
  static Object nested(int depth) {
    Object value = List.of();
    for (int i = 1; i < depth; i++) {
      value = List.of(value);
    }
    return value;
  }

  /** Bodies that are not one well-formed JSON object, as bytes. */
  static List<byte[]> brokenBodies() {
    List<byte[]> bodies = new ArrayList<>();
    for (String text :
        List.of(
            "",
            " ",
            "null",
            "[]",
            "[{}]",
            "5",
            "\"s\"",
            "true",
            "{",
            "{\"a\":",
            "{\"a\":1,}",
            "{'a':1}",
            "{\"a\":1}{\"b\":2}",
            "{\"a\":1} trailing",
            "not json",
            "<xml/>",
            "[".repeat(10_000) + "]".repeat(10_000),
            "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000),
            "{\"" + "k".repeat(60_000) + "\":1}",
            "\"" + HUGE + "\"")) {
      bodies.add(text.getBytes(StandardCharsets.UTF_8));
    }
    bodies.add(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});
    bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'});
    bodies.add(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'});
    bodies.add(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
    byte[] random = new byte[2_048];
    new Random(7).nextBytes(random);
    bodies.add(random);
    return bodies;
  }

  /** {@code base} with {@code name} set to {@code value} (null: left out). */
  static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return copy;
  }
}
