package dev.opsmcp.loganalytics.ingest;

import java.util.HexFormat;

/**
 * What stored log text may hold, so that whatever ingest stores, retrieval returns: well-formed
 * Unicode only (an unpaired UTF-16 surrogate, which JSON's {@code \ud800} escapes can carry, is
 * turned into {@code ?} by PostgreSQL and refused by the UTF-8 writer of the log data file), and
 * levels short enough to repeat on every entry of a page.
 */
final class LogText {
  static final int MAX_LEVEL_CHARS = 64;

  private LogText() {}

  /** Why {@code value} cannot be stored as {@code field}, or null when it can. */
  static String problem(String field, String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return field
            + " holds an unpaired UTF-16 surrogate (\\u"
            + HexFormat.of().toHexDigits(c)
            + ") at character "
            + i
            + ": send valid Unicode text";
      }
    }
    return null;
  }
}
