package dev.opsmcp.common.cli;

import dev.opsmcp.common.auth.ApiKey;
import dev.opsmcp.common.auth.ApiKeys;
import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.NewApiKey;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Tenants;
import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseConfig;
import dev.opsmcp.common.db.Migrations;
import dev.opsmcp.common.notify.Channel;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.notify.WebhookSignature;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.FlywayException;

/**
 * {@code scripts/opsmcp}: tenants, API keys, channels and migrations from the command line. Reads
 * the same environment as the servers and migrates the same modules (the distribution's launcher
 * passes every server's). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class AdminCli {
  static final String USAGE =
      """
      usage: opsmcp <command>
        tenant create NAME
        tenant list
        key create --tenant NAME [--name LABEL] [--scopes a,b,...]   (prints the key on the last line)
        key list --tenant NAME
        key revoke KEY_ID
        channel add --tenant NAME --kind slack|webhook --url URL [--secret generate|whsec_...]
                                                                   (where humans are notified)
        channel list --tenant NAME
        channel remove CHANNEL_ID
        migrate            (applies pending migrations of every module)
        migrate status     (each migration: applied or pending)
        migrate validate   (exit 1 unless the database matches this build exactly)
      scopes: %s (default: all but messaging:human and admin)
      """
          .formatted(String.join(", ", Arrays.stream(Scope.values()).map(Scope::wire).toList()));

  private final PrintStream out;
  private final PrintStream err;
  private final List<String> modules;

  /**
   * {@code modules}: the migration modules of the servers this build runs ({@code common} first).
   */
  public AdminCli(PrintStream out, PrintStream err, List<String> modules) {
    this.out = out;
    this.err = err;
    this.modules = Migrations.withCommon(modules);
  }

  public int run(Env env, List<String> args) {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    try (Database db = Database.open(DatabaseConfig.fromEnv(env))) {
      if (args.get(0).equals("migrate")) {
        return migrate(db, args.subList(1, args.size()));
      }
      Migrations.migrateAll(db, modules);
      return dispatch(db, args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (FlywayException e) {
      err.println(
          "error: migration failed: " + e.getMessage().lines().findFirst().orElse("").trim());
      return 1;
    }
  }

  private int dispatch(Database db, List<String> args) {
    String command = String.join(" ", args.subList(0, Math.min(2, args.size())));
    Map<String, String> options = options(args.subList(Math.min(2, args.size()), args.size()));
    AuditLog audit = new AuditLog(db, "cli");
    Tenants tenants = new Tenants(db);
    ApiKeys keys = new ApiKeys(db, Duration.ZERO);
    Channels channels = new Channels(db);
    switch (command) {
      case "tenant create" -> {
        String name = positional(options, "tenant create NAME");
        boolean created = tenants.create(name);
        audit.record(
            new AuditLog.Event(
                name, "cli", "tenant.create", name, created ? "ok" : "exists", null, null));
        out.println(created ? "created tenant " + name : "tenant " + name + " already exists");
      }
      case "tenant list" -> tenants.list().forEach(out::println);
      case "key create" -> {
        String tenant = required(options, "--tenant");
        tenants.create(tenant);
        Set<Scope> scopes =
            options.containsKey("--scopes") ? scopes(options.get("--scopes")) : Scope.AGENT_DEFAULT;
        NewApiKey created = keys.create(tenant, options.getOrDefault("--name", "cli key"), scopes);
        audit.record(
            new AuditLog.Event(
                tenant,
                "cli",
                "key.create",
                created.key().id(),
                "ok",
                created.key().scopes(),
                null));
        out.println(
            "created key "
                + created.key().id()
                + " for tenant "
                + tenant
                + " with scopes: "
                + created.key().scopes());
        out.println("store it now; it is not shown again:");
        out.println(created.secret());
      }
      case "key list" -> {
        String tenant = required(options, "--tenant");
        out.printf(
            "%-16s %-14s %-20s %-26s %-26s %s%n",
            "ID", "PREFIX", "NAME", "LAST USED", "REVOKED", "SCOPES");
        for (ApiKey k : keys.list(tenant)) {
          out.printf(
              "%-16s %-14s %-20s %-26s %-26s %s%n",
              k.id(),
              k.keyPrefix() + "…",
              k.name(),
              orDash(k.lastUsedAt()),
              orDash(k.revokedAt()),
              k.scopes());
        }
      }
      case "key revoke" -> {
        String id = positional(options, "key revoke KEY_ID");
        if (!keys.revoke(id)) {
          err.println(
              "error: no active key with id " + id + " (see: opsmcp key list --tenant NAME)");
          return 1;
        }
        audit.record(new AuditLog.Event(null, "cli", "key.revoke", id, "ok", null, null));
        out.println("revoked " + id);
      }
      case "channel add" -> {
        String tenant = required(options, "--tenant");
        if (!tenants.exists(tenant)) {
          throw new IllegalArgumentException(
              "no tenant " + tenant + " (opsmcp tenant create " + tenant + ")");
        }
        String secret = options.get("--secret");
        if ("generate".equals(secret)) {
          secret = WebhookSignature.newSecret();
        }
        Channel c =
            channels.add(tenant, required(options, "--kind"), required(options, "--url"), secret);
        audit.record(
            new AuditLog.Event(tenant, "cli", "channel.add", c.id(), "ok", c.redactedUrl(), null));
        out.println(
            "added "
                + c.id()
                + " ("
                + c.kind()
                + " "
                + c.redactedUrl()
                + (c.signed() ? ", signed" : "")
                + ")");
        if ("generate".equals(options.get("--secret"))) {
          out.println("signing secret (shown once; give it to the receiver):");
          out.println(c.secret());
        }
      }
      case "channel list" -> {
        for (Channel c : channels.list(required(options, "--tenant"))) {
          out.printf("%-22s %-8s %s%n", c.id(), c.kind(), c.redactedUrl());
        }
      }
      case "channel remove" -> {
        String id = positional(options, "channel remove CHANNEL_ID");
        if (!channels.remove(id)) {
          err.println("error: no channel " + id);
          return 1;
        }
        audit.record(new AuditLog.Event(null, "cli", "channel.remove", id, "ok", null, null));
        out.println("removed " + id);
      }
      default -> throw new UsageException("unknown command: " + String.join(" ", args));
    }
    return 0;
  }

  private int migrate(Database db, List<String> rest) {
    String sub = rest.isEmpty() ? "" : rest.get(0);
    if (rest.size() > 1 || !List.of("", "status", "validate").contains(sub)) {
      throw new UsageException("unknown command: migrate " + String.join(" ", rest));
    }
    switch (sub) {
      case "status" -> {
        List<Migrations.Status> rows = Migrations.status(db, modules);
        out.printf(
            "%-16s %-8s %-10s %-28s %s%n",
            "MODULE", "VERSION", "STATE", "INSTALLED", "DESCRIPTION");
        for (Migrations.Status m : rows) {
          out.printf(
              "%-16s %-8s %-10s %-28s %s%n",
              m.module(), m.version(), m.state(), orDash(m.installedOn()), m.description());
        }
        long pending = rows.stream().filter(m -> m.state().equals("Pending")).count();
        out.println(pending == 0 ? "up to date" : pending + " pending: run opsmcp migrate");
        return 0;
      }
      case "validate" -> {
        List<String> problems = Migrations.validate(db, modules);
        if (problems.isEmpty()) {
          out.println("valid: " + String.join(", ", modules) + " match this build");
          return 0;
        }
        problems.forEach(p -> err.println("invalid: " + p));
        return 1;
      }
      default -> {
        int ran = Migrations.migrateAll(db, modules);
        out.println(
            "applied "
                + ran
                + " migration"
                + (ran == 1 ? "" : "s")
                + " ("
                + String.join(", ", modules)
                + " up to date)");
        return 0;
      }
    }
  }

  private static Map<String, String> options(List<String> rest) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.startsWith("--")) {
        if (i + 1 >= rest.size()) {
          throw new UsageException(arg + " needs a value");
        }
        options.put(arg, rest.get(++i));
      } else if (options.putIfAbsent("", arg) != null) {
        throw new UsageException("unexpected argument: " + arg);
      }
    }
    return options;
  }

  private static String positional(Map<String, String> options, String form) {
    String value = options.get("");
    if (value == null) {
      throw new UsageException("usage: opsmcp " + form);
    }
    return value;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException(name + " is required");
    }
    return value;
  }

  private static Set<Scope> scopes(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : list.split(",")) {
      scopes.add(
          Scope.fromWire(name.trim())
              .orElseThrow(() -> new UsageException("unknown scope '" + name.trim() + "'")));
    }
    return scopes;
  }

  private static String orDash(Object value) {
    return value == null ? "-" : value.toString();
  }

  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
