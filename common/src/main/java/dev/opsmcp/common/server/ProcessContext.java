package dev.opsmcp.common.server;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.config.ServerConfig;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.notify.Outbox;
import dev.opsmcp.common.notify.OutboxDispatcher;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.signal.Signals;
import java.time.Clock;
import java.time.Duration;

/**
 * The resources one JVM's servers share, opened once by {@link Launch} (or a test) after the
 * migrations ran: signals, the notification outbox and its running dispatcher, the incident store,
 * the cursor key and the clock. {@link #close} stops the dispatcher and signals; the database stays
 * with whoever opened it. Thread-safe.
 */
public final class ProcessContext implements AutoCloseable {
  private final Env env;
  private final Database db;
  private final Clock clock;
  private final Signals signals;
  private final OutboxDispatcher dispatcher;
  private final Outbox outbox;
  private final IncidentStore incidents;
  private final Cursors cursors;

  private ProcessContext(Env env, Database db, Clock clock) {
    this.env = env;
    this.db = db;
    this.clock = clock;
    this.cursors = Cursors.forDatabase(db);
    this.incidents = new IncidentStore(db);
    this.signals = Signals.open(db);
    this.dispatcher =
        new OutboxDispatcher(
            db, env.seconds("OPSMCP_NOTIFY_BACKOFF_SECONDS", Duration.ofSeconds(5)));
    this.outbox = new Outbox(db, dispatcher::wake);
  }

  /** Opens the shared resources over a migrated database and starts delivering notifications. */
  public static ProcessContext open(Env env, Database db, Clock clock) {
    ProcessContext ctx = new ProcessContext(env, db, clock);
    ctx.dispatcher.start();
    return ctx;
  }

  /** The context of server {@code spec}: its configuration read from this process's environment. */
  public ServerContext forServer(ServerSpec spec) {
    return new ServerContext(
        ServerConfig.fromEnv(env, spec.name(), spec.portVariable(), spec.defaultPort()), this);
  }

  public Env env() {
    return env;
  }

  public Database db() {
    return db;
  }

  public Clock clock() {
    return clock;
  }

  public Signals signals() {
    return signals;
  }

  public Outbox outbox() {
    return outbox;
  }

  public IncidentStore incidents() {
    return incidents;
  }

  public Cursors cursors() {
    return cursors;
  }

  @Override
  public void close() {
    dispatcher.close();
    signals.close();
  }
}
