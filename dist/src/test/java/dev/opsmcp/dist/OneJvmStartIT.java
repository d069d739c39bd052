package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.server.Launch;
import dev.opsmcp.common.server.ServerSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The four servers started in one JVM on an empty database log no warning about a table that is not
 * there: every migration runs before any server's background work (orchestration's remediation
 * sweep reads {@code approval}, which messaging's migrations alter).
 */
class OneJvmStartIT {
  @Test
  void fourServersOnAnEmptyDatabase_logNoMissingTable() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      List<String> pendingAtStart = new CopyOnWriteArrayList<>();
      List<String> modules = Launch.migrationModules(Launcher.ALL);
      UnaryOperator<ServerSpec> watch =
          spec ->
              new ServerSpec(
                  spec.name(),
                  spec.portVariable(),
                  spec.defaultPort(),
                  spec.migrations(),
                  ctx -> {
                    Migrations.status(ctx.db(), modules).stream()
                        .filter(m -> m.state().equals("Pending"))
                        .forEach(m -> pendingAtStart.add(spec.name() + ": " + m.module()));
                    return spec.factory().start(ctx);
                  });
      try (FourServers servers = FourServers.start(Map.of(), watch)) {
        assertThat(servers.byName).hasSize(4);
        assertThat(pendingAtStart).as("migrations still pending when a server started").isEmpty();
        Thread.sleep(2_500); // the remediation sweep runs every second
      }
    } finally {
      root.detachAppender(logs);
    }
    List<String> problems =
        logs.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(
                e ->
                    e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                            ? ""
                            : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())))
            .filter(
                m ->
                    m.contains("not found")
                        || m.contains("does not exist")
                        || m.contains("Table \"")
                        || m.contains("relation \""))
            .toList();
    assertThat(problems).isEmpty();
  }
}
