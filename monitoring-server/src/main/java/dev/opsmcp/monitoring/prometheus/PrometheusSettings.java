package dev.opsmcp.monitoring.prometheus;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The team's own Prometheus (or any server with its HTTP query API), read from the environment:
 * {@code OPSMCP_PROMETHEUS_URL} (unset: no Prometheus), a bearer token or basic-auth user and
 * password, the label that names a service (then {@code job}), the tenant whose metrics it holds,
 * its scrape interval (rates span at least four of them) and a request timeout.
 */
public record PrometheusSettings(
    URI url,
    String token,
    String user,
    String password,
    String serviceLabel,
    String tenant,
    Duration scrapeInterval,
    Duration timeout) {
  public static Optional<PrometheusSettings> fromEnv(Env env) {
    Optional<String> url = env.get("OPSMCP_PROMETHEUS_URL").map(String::strip);
    if (url.isEmpty() || url.get().isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url.get().endsWith("/") ? url.get() : url.get() + "/");
    } catch (IllegalArgumentException e) {
      throw new ConfigException("OPSMCP_PROMETHEUS_URL=" + url.get() + " is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new ConfigException(
          "OPSMCP_PROMETHEUS_URL=" + url.get() + " must start with http:// or https://");
    }
    if (uri.getRawUserInfo() != null || uri.getHost() == null) {
      // a password in the URL would be quoted back in every error message that names it
      throw new ConfigException(
          "OPSMCP_PROMETHEUS_URL must be http(s)://host[:port][/prefix] without user:password@;"
              + " put credentials in OPSMCP_PROMETHEUS_USER/PASSWORD or OPSMCP_PROMETHEUS_TOKEN");
    }
    String token = env.get("OPSMCP_PROMETHEUS_TOKEN").orElse(null);
    String user = env.get("OPSMCP_PROMETHEUS_USER").orElse(null);
    String password = env.get("OPSMCP_PROMETHEUS_PASSWORD").orElse(null);
    if (token != null && user != null) {
      throw new ConfigException(
          "set either OPSMCP_PROMETHEUS_TOKEN or OPSMCP_PROMETHEUS_USER/PASSWORD, not both");
    }
    if ((user == null) != (password == null)) {
      throw new ConfigException(
          "OPSMCP_PROMETHEUS_USER and OPSMCP_PROMETHEUS_PASSWORD go together: set both or neither");
    }
    String label = env.get("OPSMCP_PROMETHEUS_SERVICE_LABEL", "service").strip();
    if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw new ConfigException(
          "OPSMCP_PROMETHEUS_SERVICE_LABEL=" + label + " is not a Prometheus label name");
    }
    return Optional.of(
        new PrometheusSettings(
            uri,
            token,
            user,
            password,
            label,
            env.get("OPSMCP_PROMETHEUS_TENANT", "default").strip(),
            env.seconds("OPSMCP_PROMETHEUS_SCRAPE_INTERVAL", Duration.ofSeconds(15)),
            Duration.ofMillis(env.integer("OPSMCP_PROMETHEUS_TIMEOUT_MS", 10_000, 100, 300_000))));
  }
}
