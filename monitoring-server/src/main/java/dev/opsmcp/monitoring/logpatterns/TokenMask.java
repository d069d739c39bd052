package dev.opsmcp.monitoring.logpatterns;

import java.util.regex.Pattern;

/**
 * Replaces the variable part of a log token with a placeholder, so lines that differ only in ids,
 * numbers, addresses, paths or durations fall into one template: {@code <UUID>}, {@code <IP>},
 * {@code <HEX>}, {@code <DUR>}, {@code <TIME>}, {@code <PATH>}, {@code <NUM>}, {@code <ID>}. In
 * {@code key=value} only the value is masked. Tokens without a digit and without a slash are kept
 * as they are (most words), which keeps the common case cheap.
 */
final class TokenMask {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?");
  private static final Pattern IPV6 = Pattern.compile("(?=(.*:){2})[0-9a-fA-F:]{2,39}");
  private static final Pattern TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9a-fA-F]{8,}");
  private static final Pattern DURATION =
      Pattern.compile("[-+]?\\d+(\\.\\d+)?(ns|us|µs|ms|s|sec|secs|m|min|mins|h|hr|hrs|d)");
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+([.,]\\d+)*%?");
  private static final String TRIM = ",;:.()[]{}\"'<>";

  private TokenMask() {}

  static String mask(String token) {
    int eq = token.indexOf('=');
    if (eq > 0 && eq < token.length() - 1) {
      return token.substring(0, eq + 1) + mask(token.substring(eq + 1));
    }
    if (!variable(token)) {
      return token;
    }
    int from = 0;
    int to = token.length();
    while (from < to && TRIM.indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && TRIM.indexOf(token.charAt(to - 1)) >= 0) {
      to--;
    }
    String core = token.substring(from, to);
    String masked = maskCore(core);
    return masked == null ? token : token.substring(0, from) + masked + token.substring(to);
  }

  private static boolean variable(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if ((c >= '0' && c <= '9') || c == '/') {
        return true;
      }
    }
    return false;
  }

  private static String maskCore(String core) {
    int n = core.length();
    if (n == 0) {
      return null;
    }
    int digits = 0;
    int hexLetters = 0;
    int letters = 0;
    int dots = 0;
    int colons = 0;
    int dashes = 0;
    int other = 0;
    for (int i = 0; i < n; i++) {
      char c = core.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hexLetters++;
      } else if (Character.isLetter(c)) {
        letters++;
      } else if (c == '.') {
        dots++;
      } else if (c == ':') {
        colons++;
      } else if (c == '-') {
        dashes++;
      } else if (c == '/') {
        return "<PATH>";
      } else {
        other++;
      }
    }
    if (n == 36 && dashes == 4 && UUID.matcher(core).matches()) {
      return "<UUID>";
    }
    boolean numeric = hexLetters == 0 && letters == 0;
    if (numeric && dots == 3 && IPV4.matcher(core).matches()) {
      return "<IP>";
    }
    if (numeric && colons > 0 && TIME.matcher(core).matches()) {
      return "<TIME>";
    }
    if (numeric && colons == 0 && NUMBER.matcher(core).matches()) {
      return "<NUM>";
    }
    if (hexLetters + letters <= 4 && colons == 0 && DURATION.matcher(core).matches()) {
      return "<DUR>";
    }
    if (letters == 0 && other == 0 && colons >= 2 && IPV6.matcher(core).matches()) {
      return "<IP>";
    }
    boolean prefixed = core.startsWith("0x") || core.startsWith("0X");
    if ((letters == 0 || (letters == 1 && prefixed)) && other == 0 && HEX.matcher(core).matches()) {
      return "<HEX>";
    }
    return "<ID>";
  }
}
