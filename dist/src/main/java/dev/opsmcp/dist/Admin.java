package dev.opsmcp.dist;

import dev.opsmcp.common.cli.AdminCli;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.server.Launch;
import java.util.List;

/**
 * {@code scripts/opsmcp}: the admin CLI over the migration modules of all four servers, and {@code
 * demo} ({@link Demo}).
 */
public final class Admin {
  private Admin() {}

  public static void main(String[] args) {
    H2ConnectRetries.lower();
    if (args.length > 0 && args[0].equals("demo")) {
      System.exit(
          new Demo(System.out, System.err, Env.system())
              .run(List.of(args).subList(1, args.length)));
    }
    AdminCli cli = new AdminCli(System.out, System.err, Launch.migrationModules(Launcher.ALL));
    int code = cli.run(Env.system(), List.of(args));
    if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
      (args.length == 0 ? System.err : System.out).print(Demo.USAGE);
    }
    System.exit(code);
  }
}
