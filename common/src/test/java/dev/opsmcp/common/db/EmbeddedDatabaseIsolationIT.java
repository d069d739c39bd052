package dev.opsmcp.common.db;

import static dev.opsmcp.common.db.ForeignProcess.asNobody;
import static dev.opsmcp.common.db.ForeignProcess.h2Shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.server.Bootstrap;
import dev.opsmcp.common.testing.ChildServer;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded database against the other users of the host: a server process holds it as in
 * production (data dir traversable, as {@code mkdir data} leaves it and the analysis jail needs
 * it), and uid {@code nobody} tries what any local account could.
 */
class EmbeddedDatabaseIsolationIT {
  private static final String SECRET = "hook-secret-" + Ids.base62(16);

  private static Path dataDir;
  private static ChildServer server;

  @BeforeAll
  static void startServer() throws Exception {
    dataDir = traversableDir();
    server =
        ChildServer.start(
                NotesServer.class.getName(),
                "OPSMCP_NOTES_PORT",
                Map.of("OPSMCP_DATA_DIR", dataDir.toString()))
            .awaitHealthy(Duration.ofSeconds(60));
    // A webhook secret, written while the server holds the database, the way the admin CLI does.
    try (Database db = Database.open(DatabaseConfig.embedded(dataDir, 2))) {
      new Channels(db).add(Bootstrap.DEFAULT_TENANT, "webhook", "https://hooks.example/" + SECRET);
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void otherUid_cannotReadAnyFileUnderTheDataDir() throws Exception {
    ForeignProcess.requireRoot();
    Path mvDb = find("opsmcp.mv.db");
    assertThat(Files.readString(mvDb, StandardCharsets.ISO_8859_1))
        .as("the database file holds secrets in plain text, hence its mode matters")
        .contains(SECRET);
    assertThat(asNobody(List.of("cat", ForeignProcess.publicH2Jar().toString())).exit())
        .as("control: nobody reads a world-readable file")
        .isZero();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).contains(mvDb, dataDir.resolve("agent-key.txt"));
    for (Path file : files) {
      ForeignProcess.Result read = asNobody(List.of("cat", file.toString()));
      assertThat(read.exit()).as("uid nobody reads %s: %s", file, read).isNotZero();
      assertThat(read.output()).doesNotContain(SECRET);
    }
  }

  @Test
  void otherUid_cannotOpenTheDatabase_throughTheFile_norThroughItsPortWithTheLockFileKey()
      throws Exception {
    ForeignProcess.requireRoot();
    assertThat(asNobody(h2Shell("jdbc:h2:mem:control", "sa", "", "SELECT 1")).exit())
        .as("control: nobody runs H2's shell")
        .isZero();
    Path lock = find("opsmcp.lock.db");
    String base = lock.toString().substring(0, lock.toString().length() - ".lock.db".length());
    String sql = "SELECT count(*) FROM information_schema.tables";

    ForeignProcess.Result viaFile =
        asNobody(h2Shell("jdbc:h2:file:" + base + ";AUTO_SERVER=TRUE", "sa", "", sql));
    assertThat(viaFile.exit()).as("nobody opens %s: %s", base, viaFile).isNotZero();

    // Even if the lock file's key leaked, the port wants the database's password.
    Properties props = lockProperties(lock);
    ForeignProcess.Result viaPort =
        asNobody(
            h2Shell(
                "jdbc:h2:tcp://" + props.getProperty("server") + "/" + props.getProperty("id"),
                "sa",
                "",
                sql));
    assertThat(viaPort.exit()).as("nobody on the port as sa: %s", viaPort).isNotZero();
    assertThat(viaPort.output()).as("refused for the credential").contains("28000");
  }

  @Test
  void databasePort_listensOnLoopbackOnly_andNoOtherAddressOfTheHostReachesIt() throws Exception {
    String address = lockProperties(find("opsmcp.lock.db")).getProperty("server");
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

    List<InetSocketAddress> listening = ListeningSockets.of(server.pid());
    assertThat(listening)
        .as("the server process's listening sockets")
        .anyMatch(a -> a.getPort() == port);
    assertThat(listening)
        .as("the server process's listening sockets")
        .allMatch(a -> a.getAddress().isLoopbackAddress());

    assertThat(connects(InetAddress.getLoopbackAddress(), port))
        .as("control: the admin CLI's way in, on loopback")
        .isTrue();
    for (InetAddress other : nonLoopbackAddresses()) {
      assertThat(connects(other, port)).as("database port %d on %s", port, other).isFalse();
    }
  }

  @Test
  void secretFiles_areOwnerOnly_inAPrivateDatabaseDirectory() throws Exception {
    Path dir = dataDir.resolve("db");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dataDir.resolve("agent-key.txt"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("credential"))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("credential")).strip()).hasSizeGreaterThanOrEqualTo(32);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList())
          .contains(dir.resolve("opsmcp.mv.db"), dir.resolve("opsmcp.lock.db"))
          .allSatisfy(f -> assertThat(mode(f)).as("%s", f).isEqualTo("rw-------"));
    }
    String lock = Files.readString(dir.resolve("opsmcp.lock.db"));
    assertThat(lock).doesNotContain(Files.readString(dir.resolve("credential")).strip());
  }

  @Test
  void existingInstall_withTheDatabaseInTheDataDir_isMovedIntoThePrivateDir_andGetsAPassword()
      throws Exception {
    Path data = traversableDir();
    String legacyUrl = "jdbc:h2:file:" + data.resolve("opsmcp") + ";DATABASE_TO_LOWER=TRUE";
    ForeignProcess.Result created =
        ForeignProcess.run(
            h2Shell(
                legacyUrl,
                "sa",
                "",
                "CREATE TABLE legacy_marker(v VARCHAR); INSERT INTO legacy_marker VALUES ('kept')"));
    assertThat(created.exit()).as("%s", created).isZero();
    Files.setPosixFilePermissions(
        data.resolve("opsmcp.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

    try (Database db = Database.open(DatabaseConfig.embedded(data, 2))) {
      String kept =
          db.jdbi()
              .withHandle(
                  h -> h.createQuery("SELECT v FROM legacy_marker").mapTo(String.class).one());
      assertThat(kept).isEqualTo("kept");
    }

    Path dir = data.resolve("db");
    assertThat(data.resolve("opsmcp.mv.db")).doesNotExist();
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("opsmcp.mv.db"))).isEqualTo("rw-------");
    String url = "jdbc:h2:file:" + dir.resolve("opsmcp") + ";DATABASE_TO_LOWER=TRUE";
    ForeignProcess.Result oldPassword =
        ForeignProcess.run(h2Shell(url, "sa", "", "SELECT v FROM legacy_marker"));
    assertThat(oldPassword.exit()).as("%s", oldPassword).isNotZero();
    assertThat(oldPassword.output()).contains("28000");
    String password = Files.readString(dir.resolve("credential")).strip();
    ForeignProcess.Result newPassword =
        ForeignProcess.run(h2Shell(url, "sa", password, "SELECT v FROM legacy_marker"));
    assertThat(newPassword.exit()).as("%s", newPassword).isZero();
    assertThat(newPassword.output()).contains("kept");
  }

  @Test
  void existingInstall_stillOpenInAnotherProcess_isLeftInPlace_withAClearError() throws Exception {
    Path data = traversableDir();
    String legacyUrl = "jdbc:h2:file:" + data.resolve("opsmcp") + ";DATABASE_TO_LOWER=TRUE";
    // An older server: H2's shell holds the database open while it waits for input.
    Process holder =
        new ProcessBuilder(h2Shell(legacyUrl, "sa", "", null))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      awaitFile(data.resolve("opsmcp.mv.db"));
      assertThatThrownBy(() -> Database.open(DatabaseConfig.embedded(data, 2)).close())
          .hasMessageContaining(data.resolve("opsmcp.mv.db").toString())
          .hasMessageContaining("stop");
      assertThat(data.resolve("opsmcp.mv.db")).exists();
      assertThat(data.resolve("db/opsmcp.mv.db")).doesNotExist();
    } finally {
      holder.destroy();
      holder.waitFor();
    }
  }

  private static Path traversableDir() throws IOException {
    Path dir = TestDatabases.tempDir();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static Path find(String name) throws IOException {
    try (Stream<Path> walk = Files.walk(dataDir)) {
      return walk.filter(p -> p.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + name + " under " + dataDir));
    }
  }

  private static Properties lockProperties(Path lock) throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(lock, StandardCharsets.ISO_8859_1)) {
      props.load(r);
    }
    return props;
  }

  private static String mode(Path p) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> addresses = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp()) {
        nic.inetAddresses().filter(a -> !a.isLoopbackAddress()).forEach(addresses::add);
      }
    }
    return addresses;
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static void awaitFile(Path file) throws InterruptedException {
    for (int i = 0; i < 300 && !Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }
}
