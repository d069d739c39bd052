package dev.opsmcp.loganalytics.ingest;

import java.util.Locale;
import java.util.Map;

/** Maps between OTLP severity numbers and level names (TRACE … FATAL). */
public final class Levels {
  private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("TRACE", 1),
          Map.entry("DEBUG", 5),
          Map.entry("INFO", 9),
          Map.entry("INFORMATION", 9),
          Map.entry("NOTICE", 10),
          Map.entry("WARN", 13),
          Map.entry("WARNING", 13),
          Map.entry("ERROR", 17),
          Map.entry("ERR", 17),
          Map.entry("CRITICAL", 21),
          Map.entry("FATAL", 21));

  private Levels() {}

  /** The level name of an OTLP severity number; "UNSPECIFIED" for 0 or out of range. */
  public static String name(int severityNumber) {
    if (severityNumber < 1 || severityNumber > 24) {
      return "UNSPECIFIED";
    }
    return NAMES[(severityNumber - 1) / 4];
  }

  /** The OTLP severity number of a level name (case-insensitive); 0 when unknown. */
  public static int number(String level) {
    if (level == null) {
      return 0;
    }
    return NUMBERS.getOrDefault(level.trim().toUpperCase(Locale.ROOT), 0);
  }

  /** True when {@code level} is one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL (any case). */
  public static boolean known(String level) {
    return number(level) > 0;
  }
}
