package dev.opsmcp.dist;

import dev.opsmcp.common.cli.AdminCli;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import java.util.List;

/** {@code scripts/opsmcp}: the admin CLI over the migration modules of all four servers. */
public final class Admin {
  private Admin() {}

  public static void main(String[] args) {
    AdminCli cli = new AdminCli(System.out, System.err, Launch.migrationModules(Launcher.ALL));
    System.exit(cli.run(Env.system(), List.of(args)));
  }
}
