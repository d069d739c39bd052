package dev.opsmcp.common.tool;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
  private final Instant started = Instant.now();

  public SystemInfoTool(String server, String version, Database db) {
    this.server = server;
    this.version = version;
    this.db = db;
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
  public Output call(ToolContext ctx, Input input) {
    var caller = ctx.caller();
    return new Output(
        server,
        version,
        caller.tenant(),
        caller.kind().name().toLowerCase(java.util.Locale.ROOT),
        caller.scopes().stream().map(s -> s.wire()).sorted().toList(),
        db.kind().folder(),
        db.healthy() ? "ok" : "down",
        Duration.between(started, Instant.now()).toSeconds());
  }
}
