package dev.opsmcp.common.testing;

import java.util.List;

/** What must never reach a client: our class and package names, and the JVM's or libraries'. */
public final class Internals {
  public static final List<String> MARKERS =
      List.of(
          "dev.opsmcp",
          "java.",
          "javax.",
          "jakarta.",
          "tools.jackson",
          "com.fasterxml",
          "com.google",
          "io.modelcontextprotocol",
          "org.eclipse",
          "org.postgresql",
          "org.h2",
          "Exception",
          "stackTrace",
          "\tat ");

  private Internals() {}

  /** The first marker {@code text} contains, or null when it shows no internals. */
  public static String in(String text) {
    if (text == null) {
      return null;
    }
    for (String marker : MARKERS) {
      if (text.contains(marker)) {
        return marker;
      }
    }
    return null;
  }
}
