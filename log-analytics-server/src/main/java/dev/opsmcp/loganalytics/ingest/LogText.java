package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.tool.StorableText;

/**
 * What stored log text may hold, so that whatever ingest stores, retrieval returns: well-formed
 * Unicode only (an unpaired UTF-16 surrogate, which JSON's escapes can carry, is turned into {@code
 * ?} by PostgreSQL and refused by the UTF-8 writer of the log data file), and levels short enough
 * to repeat on every entry of a page. NUL is dropped from log text rather than refused ({@link
 * LogEntry}): it is common in captured output.
 */
final class LogText {
  static final int MAX_LEVEL_CHARS = 64;

  private LogText() {}

  /** Why {@code value} cannot be stored as {@code field}, or null when it can. */
  static String problem(String field, String value) {
    if (value == null) {
      return null;
    }
    String problem = StorableText.problem(value.replace("\0", ""));
    return problem == null ? null : field + " " + problem;
  }
}
