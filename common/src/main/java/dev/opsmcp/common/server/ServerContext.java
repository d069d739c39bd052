package dev.opsmcp.common.server;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.signal.Signals;
import java.time.Clock;

/**
 * What a server is started with: its own configuration, and the resources every server in the
 * process shares (database, clock, signals, notification outbox, incident store, cursor key). The
 * shared parts belong to the {@link ProcessContext}, which closes them; a server never does.
 */
public record ServerContext(ServerConfig config, ProcessContext process) {
  /** The environment this process was started with (server-specific settings are read here). */
  public Env env() {
    return config.env();
  }

  public Database db() {
    return process.db();
  }

  /** The one clock: tests pass a clock they move instead of sleeping. */
  public Clock clock() {
    return process.clock();
  }

  public Signals signals() {
    return process.signals();
  }

  /** Queues notifications for humans; the process's dispatcher delivers them. */
  public Outbox outbox() {
    return process.outbox();
  }

  public IncidentStore incidents() {
    return process.incidents();
  }

  public Cursors cursors() {
    return process.cursors();
  }
}
