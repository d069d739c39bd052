package dev.opsmcp.common.auth;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented credential (an {@code opsmcp_} key or a JWT) into a {@link Caller}. The tenant
 * comes only from the credential. Thread-safe.
 */
public final class Authenticator {
  private final ApiKeys keys;
  private final Optional<JwtVerifier> jwt;
  private final Tenants tenants;
  private final Set<String> knownTenants = ConcurrentHashMap.newKeySet();

  public Authenticator(ApiKeys keys, Optional<JwtVerifier> jwt, Tenants tenants) {
    this.keys = keys;
    this.jwt = jwt;
    this.tenants = tenants;
  }

  public Verified authenticate(String credential) throws AuthFailure {
    if (credential.startsWith(ApiKeys.PREFIX)) {
      return keys.authenticate(credential)
          .map(c -> new Verified(c, null))
          .orElseThrow(() -> new AuthFailure("the API key is unknown or revoked"));
    }
    if (jwt.isEmpty()) {
      throw new AuthFailure(
          "the credential is not an OpsMCP API key (opsmcp_…) and this server accepts no JWTs");
    }
    Verified verified = jwt.get().verify(credential);
    String tenant = verified.caller().tenant();
    if (!knownTenants.contains(tenant)) {
      if (!tenants.exists(tenant)) {
        throw new AuthFailure("the token's tenant '" + tenant + "' does not exist here");
      }
      knownTenants.add(tenant);
    }
    return verified;
  }

  /**
   * An API key verified within the cache time, without a query; empty for anything else (which
   * {@link #authenticate} must then verify).
   */
  public Optional<Verified> cached(String credential) {
    return keys.cached(credential).map(c -> new Verified(c, null));
  }
}
