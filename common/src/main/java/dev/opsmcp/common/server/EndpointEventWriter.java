package dev.opsmcp.common.server;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy SSE transport's stream writer with the session id of its first event (the endpoint
 * event, {@code data: /message?sessionId=…}) replaced; everything after passes through. Holds back
 * at most {@value #MAX_HEAD} characters while the first event is incomplete. Thread-safe.
 */
final class EndpointEventWriter extends PrintWriter {
  private static final int MAX_HEAD = 4096;
  private static final Pattern SESSION_ID = Pattern.compile("([?&]sessionId=)([^&\\s]+)");

  private final PrintWriter out;
  private final UnaryOperator<String> replace;
  private StringBuilder head = new StringBuilder();

  EndpointEventWriter(PrintWriter out, UnaryOperator<String> replace) {
    super(out);
    this.out = out;
    this.replace = replace;
  }

  @Override
  public void write(int c) {
    write(String.valueOf((char) c));
  }

  @Override
  public void write(char[] buf, int off, int len) {
    write(new String(buf, off, len));
  }

  @Override
  public void write(String s, int off, int len) {
    synchronized (lock) {
      if (head == null) {
        out.write(s, off, len);
        return;
      }
      head.append(s, off, off + len);
      int end = head.indexOf("\n\n");
      if (end < 0 && head.length() < MAX_HEAD) {
        return;
      }
      int cut = end < 0 ? head.length() : end + 2;
      String first = head.substring(0, cut);
      String rest = head.substring(cut);
      head = null;
      Matcher m = SESSION_ID.matcher(first);
      out.write(
          m.find()
              ? first.substring(0, m.start(2))
                  + replace.apply(m.group(2))
                  + first.substring(m.end(2))
              : first);
      out.write(rest);
    }
  }

  @Override
  public void println() {
    write(System.lineSeparator());
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public boolean checkError() {
    return out.checkError();
  }

  @Override
  public void close() {
    out.close();
  }
}
