package dev.opsmcp.common.db;

import dev.opsmcp.common.tool.StorableText;
import dev.opsmcp.common.tool.ToolFailure;

/**
 * Text both databases store alike, checked where a value reaches the store (MCP arguments and REST
 * bodies are checked on arrival by {@link StorableText}; this covers every other way in, with the
 * same words). PostgreSQL refuses U+0000 (NUL) in text, even as a query parameter, while the
 * embedded database keeps it: input with NUL is refused, and output we capture shows each NUL as
 * U+FFFD.
 */
public final class StoredText {
  private StoredText() {}

  public static boolean storable(String value) {
    return value == null || StorableText.problem(value) == null;
  }

  /** {@code value} unchanged, or a failure naming {@code field} when it cannot be stored. */
  public static String require(String field, String value) throws ToolFailure {
    String problem = value == null ? null : StorableText.problem(value);
    if (problem != null) {
      throw new ToolFailure(field + " " + problem);
    }
    return value;
  }

  /** Captured output with each NUL replaced by U+FFFD (the replacement character). */
  public static String scrub(String value) {
    return value == null ? null : value.replace('\u0000', '\uFFFD');
  }
}
