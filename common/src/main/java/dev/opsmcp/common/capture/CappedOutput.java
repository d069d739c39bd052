package dev.opsmcp.common.capture;

import dev.opsmcp.common.db.StoredText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output of a process or a response, capped: drains a stream keeping at most {@code keep} bytes
 * and counting the rest, and calls {@code onOverflow} once when the total passes {@code keep}. The
 * bytes are kept as they came; {@link #text} is what is stored and shown (NUL as U+FFFD). {@link
 * #start} drains on its own virtual thread, {@link #read} on the caller's. Thread-safe.
 */
public final class CappedOutput {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final long keep;
  private final Runnable onOverflow;
  private Thread thread;
  private long total;

  private CappedOutput(long keep, Runnable onOverflow) {
    this.keep = keep;
    this.onOverflow = onOverflow;
  }

  /** Drains {@code in} on a virtual thread until it ends (or its process is killed). */
  public static CappedOutput start(InputStream in, long keep, Runnable onOverflow) {
    CappedOutput out = new CappedOutput(keep, onOverflow);
    out.thread = Thread.ofVirtual().start(() -> out.drain(in));
    return out;
  }

  /**
   * Reads {@code in} to its end and returns the first {@code keep} bytes as text, followed by a
   * line saying how much was cut when there was more.
   */
  public static String read(InputStream in, long keep) {
    CappedOutput out = new CappedOutput(keep, () -> {});
    out.drain(in);
    String text = out.text();
    return out.overflowed()
        ? text + "\n[output truncated: " + out.total() + " bytes, first " + keep + " kept]"
        : text;
  }

  private void drain(InputStream in) {
    byte[] buf = new byte[16384];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (this) {
          long room = keep - kept.size();
          if (room > 0) {
            kept.write(buf, 0, (int) Math.min(room, n));
          }
          boolean wasUnder = total <= keep;
          total += n;
          if (wasUnder && total > keep) {
            onOverflow.run();
          }
        }
      }
    } catch (IOException e) {
      // the process was killed and its pipe closed
    }
  }

  /** Waits for the stream to end (the process and every holder of the pipe are gone). */
  public void await(long millis) throws InterruptedException {
    if (thread != null) {
      thread.join(java.time.Duration.ofMillis(millis));
    }
  }

  public synchronized long total() {
    return total;
  }

  public synchronized boolean overflowed() {
    return total > keep;
  }

  /** The kept output as text; each NUL shows as U+FFFD, so both databases store it alike. */
  public synchronized String text() {
    return StoredText.scrub(kept.toString(StandardCharsets.UTF_8));
  }

  public synchronized byte[] bytes() {
    return kept.toByteArray();
  }
}
