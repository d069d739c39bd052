package dev.opsmcp.common.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.ErrorCode;

/**
 * The embedded database's password: 40 random base62 characters made at first start and kept in
 * {@code <data dir>/db/credential} (mode 600), for the servers and the admin CLI of the same
 * account. A database still on the empty password of earlier versions is given it on first open.
 */
final class EmbeddedCredential {
  static final String USER = "sa";
  private static final String FILE = "credential";
  private static final int LENGTH = 40;

  private EmbeddedCredential() {}

  /** Reads the password from {@code dir}, creating it first if there is none (race-safe). */
  static String loadOrCreate(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        Path draft =
            Files.createTempFile(
                dir,
                FILE,
                ".new",
                PosixFilePermissions.asFileAttribute(EmbeddedDirectory.OWNER_FILE));
        try {
          Files.writeString(draft, Ids.base62(LENGTH) + "\n");
          // A hard link appears whole or not at all, and never replaces a concurrent winner's.
          Files.createLink(file, draft);
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
          // use theirs
        } finally {
          Files.delete(draft);
        }
      }
      String password = Files.readString(file).strip();
      if (password.length() < LENGTH) {
        throw new IllegalStateException(
            file
                + " is damaged (expected "
                + LENGTH
                + " characters): restore it from a backup of the data dir");
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /**
   * A connection as {@link #USER} with {@code password}. If the database refuses it but takes the
   * empty password of earlier versions, the password is set first.
   */
  static Connection connect(String url, String password, Path dir) throws SQLException {
    try {
      return DriverManager.getConnection(url, USER, password);
    } catch (SQLException refused) {
      if (refused.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
        throw refused;
      }
      Connection legacy;
      try {
        legacy = DriverManager.getConnection(url, USER, "");
      } catch (SQLException alsoRefused) {
        throw new IllegalStateException(
            "the embedded database in "
                + dir
                + " refuses the password in "
                + dir.resolve(FILE)
                + ": restore that file from the backup the database came from",
            refused);
      }
      try (Statement s = legacy.createStatement()) {
        // Base62 only: nothing to escape. SET PASSWORD takes no parameter.
        s.execute("SET PASSWORD '" + password + "'");
      } catch (SQLException e) {
        legacy.close();
        throw e;
      }
      return legacy;
    }
  }
}
