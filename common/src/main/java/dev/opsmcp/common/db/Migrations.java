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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;

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

  /** The module every database has; its tables come first. */
  public static final String COMMON = "common";

  private Migrations() {}

  /** {@code common} first, then each of {@code modules} once, in order. */
  public static List<String> withCommon(List<String> modules) {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    all.add(COMMON);
    all.addAll(modules);
    return List.copyOf(all);
  }

  /** Applies pending migrations of {@code common} and then of each module; returns how many ran. */
  public static int migrateAll(Database db, List<String> modules) {
    int ran = 0;
    for (String module : withCommon(modules)) {
      ran += migrate(db, module);
    }
    return ran;
  }

  /** One migration of one module as Flyway's {@code info} reports it. */
  public record Status(
      String module, String version, String description, String state, String installedOn) {}

  /**
   * Every migration of {@code modules} (common first), applied or pending, without changing any.
   */
  public static List<Status> status(Database db, List<String> modules) {
    List<Status> rows = new ArrayList<>();
    for (String module : withCommon(modules)) {
      rows.addAll(status(db, module));
    }
    return rows;
  }

  private static List<Status> status(Database db, String module) {
    return Arrays.stream(configure(db, module).load().info().all())
        .filter(m -> m.getVersion() != null && !"0".equals(m.getVersion().getVersion()))
        .map(
            m ->
                new Status(
                    module,
                    m.getVersion().getVersion(),
                    m.getDescription(),
                    m.getState().getDisplayName(),
                    m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString()))
        .toList();
  }

  /**
   * Problems between the migrations in this build and those applied to the database, one line each,
   * naming the module: pending ones, and applied ones that were changed since or that this build
   * does not know. Empty when the database is exactly up to date.
   */
  public static List<String> validate(Database db, List<String> modules) {
    List<String> problems = new ArrayList<>();
    for (String module : withCommon(modules)) {
      List<String> pending =
          status(db, module).stream()
              .filter(m -> m.state().equals("Pending"))
              .map(m -> "V" + m.version())
              .toList();
      if (!pending.isEmpty()) {
        problems.add(
            module
                + ": "
                + pending.size()
                + " pending ("
                + String.join(", ", pending)
                + "): run opsmcp migrate");
      }
      ValidateResult result =
          configure(db, module).ignoreMigrationPatterns("*:pending").load().validateWithResult();
      if (result.validationSuccessful) {
        continue;
      }
      if (result.invalidMigrations.isEmpty() && result.errorDetails != null) {
        problems.add(module + ": " + firstLine(result.errorDetails.errorMessage));
      }
      result.invalidMigrations.forEach(
          m ->
              problems.add(
                  module + " V" + m.version + ": " + firstLine(m.errorDetails.errorMessage)));
    }
    return problems;
  }

  private static String firstLine(String message) {
    return message == null ? "invalid" : message.lines().findFirst().orElse("invalid").trim();
  }

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
    return configure(db, module).load().migrate().migrationsExecuted;
  }

  private static FluentConfiguration configure(Database db, String module) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.dataSource())
        .locations(
            "classpath:db/" + module + "/common",
            "classpath:db/" + module + "/" + db.kind().folder())
        .table("flyway_history_" + module.replace('-', '_'))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .failOnMissingLocations(false);
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
