package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.db.StoredText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process stream on its own thread, keeping at most {@code keep} bytes and counting the
 * rest; calls {@code onOverflow} once when the total passes {@code keep}. The bytes are kept as
 * they came (the run's stdout.txt/stderr.txt); {@link #text} is what is stored and shown.
 */
final class CappedOutput {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final long keep;
  private final Runnable onOverflow;
  private final Thread thread;
  private long total;

  CappedOutput(InputStream in, long keep, Runnable onOverflow) {
    this.keep = keep;
    this.onOverflow = onOverflow;
    this.thread = Thread.ofVirtual().start(() -> drain(in));
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
  void await(long millis) throws InterruptedException {
    thread.join(java.time.Duration.ofMillis(millis));
  }

  synchronized long total() {
    return total;
  }

  synchronized boolean overflowed() {
    return total > keep;
  }

  /** The kept output as text; each NUL shows as U+FFFD, so both databases store it alike. */
  synchronized String text() {
    return StoredText.scrub(kept.toString(StandardCharsets.UTF_8));
  }

  synchronized byte[] bytes() {
    return kept.toByteArray();
  }
}
