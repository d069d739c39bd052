package dev.opsmcp.common.tool;

/**
 * A caller's value quoted in an error message, shortened so that a huge argument is not sent back
 * (in full) to whoever sent it.
 */
public final class Echo {
  static final int MAX_CHARS = 80;

  private Echo() {}

  /** {@code 'value'}, shortened like {@link #shortened} when long. */
  public static String of(Object value) {
    String text = String.valueOf(value);
    return text.length() <= MAX_CHARS ? "'" + text + "'" : "'" + shortened(text) + "'";
  }

  /**
   * The value unquoted, or its first 80 characters and the length: {@code abc… (1048576 chars)}.
   */
  public static String shortened(Object value) {
    String text = String.valueOf(value);
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "… (" + text.length() + " characters)";
  }
}
