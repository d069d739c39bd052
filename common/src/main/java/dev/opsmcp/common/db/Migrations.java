package dev.opsmcp.common.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * Runs one module's Flyway migrations ({@code db/<module>/common} plus {@code
 * db/<module>/<vendor>}) with its own history table. Migrations of all modules are serialised
 * across threads and processes: concurrent Flyway runs deadlock on H2 and race on a shared schema
 * elsewhere.
 */
public final class Migrations {
  /** Arbitrary constant naming OpsMCP's PostgreSQL advisory lock. */
  private static final long PG_LOCK_KEY = 0x4f70_734d_4350L;

  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private Migrations() {}

  /** Applies pending migrations of {@code module}; returns how many ran. */
  public static int migrate(Database db, String module) {
    JVM_LOCK.lock();
    try {
      return db.kind() == DatabaseKind.H2
          ? withFileLock(db, () -> flyway(db, module))
          : withAdvisoryLock(db, () -> flyway(db, module));
    } finally {
      JVM_LOCK.unlock();
    }
  }

  private static int flyway(Database db, String module) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.dataSource())
        .locations(
            "classpath:db/" + module + "/common",
            "classpath:db/" + module + "/" + db.kind().folder())
        .table("flyway_history_" + module.replace('-', '_'))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(false)
        .load()
        .migrate()
        .migrationsExecuted;
  }

  private interface Step {
    int run();
  }

  private static int withFileLock(Database db, Step step) {
    var lockFile = db.config().embeddedDir().resolve("migrate.lock");
    try (FileChannel channel =
            FileChannel.open(
                lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(EmbeddedDirectory.OWNER_FILE));
        FileLock ignored = channel.lock()) {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
  }

  private static int withAdvisoryLock(Database db, Step step) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
      try {
        return step.run();
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take the migration lock: " + e.getMessage(), e);
    }
  }
}
