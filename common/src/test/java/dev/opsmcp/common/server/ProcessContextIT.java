package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.notify.Notification;
import dev.opsmcp.common.signal.Waiter;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestDatabases;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Servers hosted in one JVM get one process context, as {@code Launch} gives them: the same
 * signals, outbox and its one dispatcher, incident store and cursor key; closing one server leaves
 * them working for the others.
 */
class ProcessContextIT {
  @Test
  void serversOfOneProcess_shareOneContext_andClosingOneLeavesItWorking() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/hook",
        exchange -> {
          delivered.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhook.start();
    try (Database db = TestDatabases.fresh()) {
      Map<String, String> vars = new HashMap<>(TestDatabases.env(db.config()));
      vars.put("OPSMCP_NOTES_PORT", "0");
      Migrations.migrateAll(db, NotesServer.SPEC.migrations());
      try (ProcessContext process = ProcessContext.open(new Env(vars), db, Clock.systemUTC())) {
        ServerContext first = process.forServer(NotesServer.SPEC);
        ServerContext second = process.forServer(NotesServer.SPEC);
        assertThat(second.signals()).isSameAs(first.signals());
        assertThat(second.outbox()).isSameAs(first.outbox());
        assertThat(second.incidents()).isSameAs(first.incidents());
        assertThat(second.cursors()).isSameAs(first.cursors());

        McpHost one = NotesServer.SPEC.factory().start(first);
        try (McpHost two = NotesServer.SPEC.factory().start(second)) {
          assertThat(one.port()).isNotEqualTo(two.port());
          one.close();

          try (Waiter waiter = process.signals().watch("k")) {
            process.signals().signal("k");
            assertThat(waiter.await(Duration.ofSeconds(10))).isTrue();
          }
          new Tenants(db).create("acme");
          new Channels(db)
              .add(
                  "acme",
                  "webhook",
                  "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
          int queued =
              second
                  .outbox()
                  .enqueue("acme", new Notification("test", "Title", "text", null, Map.of()));
          assertThat(queued).isEqualTo(1);
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          assertThat(delivered).hasSize(1);
          assertThat(delivered.get(0)).contains("\"title\":\"Title\"");
          assertThat(Http.get(two.baseUrl() + "/health").statusCode()).isEqualTo(200);
        }
      }
    } finally {
      webhook.stop(0);
    }
  }
}
