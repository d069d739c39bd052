package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Which server this is, who the caller is to it, and whether its database answers. */
public final class SystemInfoTool implements Tool<SystemInfoTool.Input> {
  public record Input() {}

  public record Output(
      String server,
      String version,
      String tenant,
      String credential,
      List<String> scopes,
      String database,
      String databaseStatus,
      long uptimeSeconds) {}

  private final String server;
  private final String version;
  private final Database db;
  private final Clock clock;
  private final Instant started;

  public SystemInfoTool(String server, String version, Database db, Clock clock) {
    this.server = server;
    this.version = version;
    this.db = db;
    this.clock = clock;
    this.started = clock.instant();
  }

  @Override
  public String name() {
    return "system_info";
  }

  @Override
  public String description() {
    return "Identify this OpsMCP server: its name and version, your tenant and scopes as this"
        + " server sees them, and whether its database is reachable. Call it first when a tool"
        + " is refused or results look empty.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of();
  }

  /** A plain sort: the stream pipeline was a visible share of a system_info call. */
  private static List<String> sortedWireNames(Set<Scope> scopes) {
    String[] names = new String[scopes.size()];
    int i = 0;
    for (Scope scope : scopes) {
      names[i++] = scope.wire();
    }
    Arrays.sort(names);
    return List.of(names);
  }

  @Override
  public Output call(ToolContext ctx, Input input) {
    var caller = ctx.caller();
    return new Output(
        server,
        version,
        caller.tenant(),
        caller.kind().name().toLowerCase(java.util.Locale.ROOT),
        sortedWireNames(caller.scopes()),
        db.kind().folder(),
        db.healthy() ? "ok" : "down",
        Duration.between(started, clock.instant()).toSeconds());
  }
}
