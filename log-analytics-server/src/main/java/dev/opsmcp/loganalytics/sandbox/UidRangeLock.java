package dev.opsmcp.loganalytics.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Claims sandbox uids for this process with a host-wide lock on the uids themselves: one byte per
 * uid of one lock file, so ranges that merely overlap (200000+4 and 200002+4) conflict as surely as
 * equal ones. Two processes sharing a uid would count against each other's process limits and kill
 * each other's runs when they clean a slot. Held until {@link #close}.
 */
final class UidRangeLock implements AutoCloseable {
  /**
   * One channel per JVM: POSIX record locks belong to the process, and closing any channel of the
   * file would drop every lock this JVM holds on it.
   */
  private static FileChannel channel;

  private final FileLock lock;

  private UidRangeLock(FileLock lock) {
    this.lock = lock;
  }

  /** The lock, or empty when another process (or server in this JVM) holds one of the uids. */
  static synchronized Optional<UidRangeLock> claim(int base, int count) throws IOException {
    if (channel == null) {
      Path dir = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock") : Path.of("/tmp");
      channel =
          FileChannel.open(
              dir.resolve("opsmcp-sandbox-uids.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
    }
    try {
      return Optional.ofNullable(channel.tryLock(base, count, false)).map(UidRangeLock::new);
    } catch (OverlappingFileLockException heldInThisJvm) {
      return Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (UidRangeLock.class) {
      lock.release();
    }
  }
}
