package dev.opsmcp.common.config;

import dev.opsmcp.common.auth.JwtConfig;
import dev.opsmcp.common.db.DatabaseConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one server reads from the environment at start. Validated on construction: a bad value
 * stops the server with a message naming the variable.
 */
public record ServerConfig(
    String name,
    String host,
    int port,
    String publicUrl,
    String replicaPrefix,
    List<String> allowedOrigins,
    int rateLimitPerMinute,
    int authFailuresPerMinute,
    int maxRequestBytes,
    Duration sessionIdle,
    boolean statelessHttp,
    Duration keepAlive,
    Duration authCacheTime,
    Optional<JwtConfig> jwt,
    DatabaseConfig database,
    Env env) {

  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /**
   * Reads the configuration of server {@code name} whose port variable is {@code portVariable}.
   * Port 0 picks a free port (tests).
   */
  public static ServerConfig fromEnv(Env env, String name, String portVariable, int defaultPort) {
    String host = env.get("OPSMCP_HOST", "127.0.0.1");
    int port = env.integer(portVariable, defaultPort, 0, 65535);
    String publicUrl =
        env.get("OPSMCP_PUBLIC_URL_" + name.toUpperCase().replace('-', '_')).orElse(null);
    return new ServerConfig(
        name,
        host,
        port,
        publicUrl,
        replicaPrefix(env),
        env.list("OPSMCP_ALLOWED_ORIGINS"),
        env.integer("OPSMCP_RATE_LIMIT_PER_MINUTE", 1200, 1, 10_000_000),
        env.integer("OPSMCP_AUTH_FAILURES_PER_MINUTE", 60, 1, 1_000_000),
        env.integer("OPSMCP_MAX_REQUEST_BYTES", 4 * 1024 * 1024, 1024, 512 * 1024 * 1024),
        env.seconds("OPSMCP_SESSION_IDLE_SECONDS", Duration.ofMinutes(30)),
        statelessHttp(env),
        env.seconds("OPSMCP_KEEPALIVE_SECONDS", Duration.ofSeconds(20)),
        Duration.ofSeconds(env.integer("OPSMCP_AUTH_CACHE_SECONDS", 2, 0, 300)),
        JwtConfig.fromEnv(env),
        DatabaseConfig.fromEnv(env),
        env);
  }

  /**
   * {@code OPSMCP_MCP_STATELESS}: {@code /mcp} without sessions (the SDK's stateless transport), so
   * that any replica answers any request; no progress notifications, no server-to-client requests.
   */
  public static boolean statelessHttp(Env env) {
    return env.bool("OPSMCP_MCP_STATELESS", false);
  }

  /**
   * {@code OPSMCP_REPLICA_PREFIX}: the path under which a load balancer reaches this one replica
   * (and strips before forwarding), e.g. {@code /r1}; empty when unset. The legacy SSE endpoint
   * event names {@code <prefix>/message}, so a client's messages return to the replica that holds
   * its stream.
   */
  private static String replicaPrefix(Env env) {
    String prefix = env.get("OPSMCP_REPLICA_PREFIX", "");
    if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
      throw new ConfigException(
          "OPSMCP_REPLICA_PREFIX="
              + prefix
              + " is not a path prefix: use a slash and letters, digits, '.', '_', '~' or '-'"
              + " (e.g. /r1), no trailing slash");
    }
    return prefix;
  }

  /**
   * The URL clients reach this server at (its OAuth resource identifier, and the base of links to
   * it): the configured public URL, else the bound address. A wildcard bind address ({@code
   * 0.0.0.0}, {@code ::}) is no address to give anyone, so the machine's host name stands in.
   */
  public String resourceUrl(int boundPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    String address = host;
    if (isWildcard(host)) {
      address = localHostName();
    }
    if (address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]"; // an IPv6 literal
    }
    return "http://" + address + ":" + boundPort;
  }

  /** True when {@code host} binds every interface. */
  public static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
