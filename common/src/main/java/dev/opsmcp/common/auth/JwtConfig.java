package dev.opsmcp.common.auth;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How JWT bearer tokens are verified; absent when neither a JWKS URL nor file is configured. */
public record JwtConfig(
    Optional<String> jwksUrl,
    Optional<Path> jwksFile,
    String issuer,
    List<String> audiences,
    String tenantClaim) {

  /** Empty {@code audiences} means: accept this server's own resource URL. */
  public static Optional<JwtConfig> fromEnv(Env env) {
    Optional<String> url = env.get("OPSMCP_JWKS_URL");
    Optional<Path> file = env.get("OPSMCP_JWKS_FILE").map(Path::of);
    if (url.isEmpty() && file.isEmpty()) {
      return Optional.empty();
    }
    if (url.isPresent() && file.isPresent()) {
      throw new ConfigException("set OPSMCP_JWKS_URL or OPSMCP_JWKS_FILE, not both");
    }
    String issuer =
        env.get("OPSMCP_JWT_ISSUER")
            .orElseThrow(
                () ->
                    new ConfigException(
                        "OPSMCP_JWT_ISSUER is required with a JWKS: set it to the exact 'iss' of"
                            + " your identity provider's tokens"));
    List<String> audiences = env.list("OPSMCP_JWT_AUDIENCE");
    return Optional.of(
        new JwtConfig(url, file, issuer, audiences, env.get("OPSMCP_JWT_TENANT_CLAIM", "tenant")));
  }
}
