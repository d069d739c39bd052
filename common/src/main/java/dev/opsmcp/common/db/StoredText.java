package dev.opsmcp.common.db;

import dev.opsmcp.common.tool.ToolFailure;

/**
 * Text both databases store alike. PostgreSQL refuses U+0000 (NUL) in text, even as a query
 * parameter, while the embedded database keeps it: input with NUL is refused up front, and output
 * we capture shows each NUL as U+FFFD.
 */
public final class StoredText {
  private static final char NUL = '\u0000';

  private StoredText() {}

  public static boolean storable(String value) {
    return value == null || value.indexOf(NUL) < 0;
  }

  /** {@code value} unchanged, or a failure naming {@code field} when it holds a NUL. */
  public static String require(String field, String value) throws ToolFailure {
    if (!storable(value)) {
      throw new ToolFailure(
          field
              + " contains the character U+0000 (NUL) at position "
              + value.indexOf(NUL)
              + ", which cannot be stored; remove it or write it as text such as \\0");
    }
    return value;
  }

  /** Captured output with each NUL replaced by U+FFFD (the replacement character). */
  public static String scrub(String value) {
    return value == null ? null : value.replace(NUL, '\uFFFD');
  }
}
