package dev.opsmcp.common.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * {@code <data dir>/db}, mode 700: the embedded database's files, its credential and the migration
 * lock. The data dir itself may stay traversable for the analysis jail; nothing below this
 * directory is reachable by another uid. Moves the database of an earlier layout ({@code <data
 * dir>/opsmcp.mv.db}) in once.
 */
final class EmbeddedDirectory {
  static final String NAME = "db";
  static final String DATABASE = "opsmcp";

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Object LOCK = new Object();

  private EmbeddedDirectory() {}

  /** Creates or tightens the directory, before H2 creates anything in it; returns it. */
  static Path prepare(Path dataDir) {
    Path dir = dataDir.resolve(NAME);
    synchronized (LOCK) {
      try {
        Files.createDirectories(dataDir);
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } catch (FileAlreadyExistsException exists) {
          // made by an earlier start or another server in this JVM
        }
        // One made by hand or by an earlier version may be wider.
        Files.setPosixFilePermissions(dir, OWNER_DIR);
        moveEarlierLayout(dataDir, dir);
        // H2 opens its trace file whenever it first logs an error (a wrong password, say), with
        // the umask's mode; created here it stays owner-only, as it appends.
        try {
          Files.createFile(
              dir.resolve(DATABASE + ".trace.db"),
              PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (FileAlreadyExistsException exists) {
          // kept from an earlier start
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the embedded database directory " + dir, e);
      }
      tighten(dir);
    }
    return dir;
  }

  /**
   * Makes every file in {@code dir} owner-only. H2 creates its files with the process umask; the
   * directory's mode already shuts other uids out, this keeps a copied or moved file private too.
   */
  static void tighten(Path dir) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_FILE)) {
          Files.setPosixFilePermissions(file, OWNER_FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the files in " + dir + " owner-only", e);
    }
  }

  private static void moveEarlierLayout(Path dataDir, Path dir) throws IOException {
    Path legacy = dataDir.resolve(DATABASE + ".mv.db");
    if (!Files.exists(legacy, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path target = dir.resolve(legacy.getFileName());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          "both "
              + legacy
              + " and "
              + target
              + " exist: the database lives in "
              + dir
              + " now; move whichever one does not hold your data out of "
              + dataDir);
    }
    // H2 holds a lock on the file while it is open: never move a database a server still uses.
    try (FileChannel channel =
            FileChannel.open(legacy, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock held = tryLock(channel)) {
      if (held == null) {
        throw new IllegalStateException(
            legacy
                + " is open in another process (an OpsMCP server of an earlier version?): stop"
                + " it, then start again; the database then moves to "
                + dir);
      }
      Files.move(legacy, target, StandardCopyOption.ATOMIC_MOVE);
    }
    Path trace = dataDir.resolve(DATABASE + ".trace.db");
    if (Files.exists(trace, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(trace, dir.resolve(trace.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    // Left by a killed server: an old port and key, and the migration lock's old place.
    Files.deleteIfExists(dataDir.resolve(DATABASE + ".lock.db"));
    Files.deleteIfExists(dataDir.resolve("migrate.lock"));
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }
}
