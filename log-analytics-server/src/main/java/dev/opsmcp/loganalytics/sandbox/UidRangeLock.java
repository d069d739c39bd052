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
 * Claims the sandbox uid range for this process with a host-wide file lock: two processes using the
 * same uids would count against each other's process limits and kill each other's runs when they
 * clean a slot. Held until {@link #close}.
 */
final class UidRangeLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private UidRangeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another process (or server in this JVM) holds the range. */
  static Optional<UidRangeLock> claim(int base, int count) throws IOException {
    Path dir = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock") : Path.of("/tmp");
    Path file = dir.resolve("opsmcp-sandbox-uids-" + base + ".lock");
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new UidRangeLock(channel, lock));
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // another server of this JVM holds it
    }
    channel.close();
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
