package dev.opsmcp.common.ingest;

import java.util.regex.Pattern;

/**
 * What a protobuf or Gson parser's exception says about a body, without the Java class names they
 * put in front of it ({@code java.io.EOFException: End of input at line 1 column 2}), shortened.
 */
public final class ParserMessage {
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?");
  private static final int MAX_CHARS = 300;

  private ParserMessage() {}

  /**
   * The wording of {@code e}. A {@link StackOverflowError} is a parser's too: protobuf's {@code
   * JsonFormat} recurses over the whole tree to word its complaint about a body nested thousands
   * deep (callers catch it there; the stack has unwound by then).
   */
  public static String of(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "it is nested too deeply";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    message = QUALIFIED_NAME.matcher(message).replaceAll("").strip();
    if (message.isEmpty()) {
      return "it ends early";
    }
    return message.length() > MAX_CHARS ? message.substring(0, MAX_CHARS) + "…" : message;
  }
}
