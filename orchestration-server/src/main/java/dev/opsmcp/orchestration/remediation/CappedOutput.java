package dev.opsmcp.orchestration.remediation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream to its end, keeping only the first {@code cap} bytes (and saying so). */
final class CappedOutput {
  static final int CAP = 64 * 1024;

  private CappedOutput() {}

  static String read(InputStream in) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      int room = (int) Math.max(0, Math.min(n, CAP - total));
      kept.write(buf, 0, room);
      total += n;
    }
    String text = kept.toString(StandardCharsets.UTF_8);
    return total > CAP
        ? text + "\n[output truncated: " + total + " bytes, first " + CAP + " kept]"
        : text;
  }
}
