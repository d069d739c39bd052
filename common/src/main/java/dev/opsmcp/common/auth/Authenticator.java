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

  public Caller authenticate(String credential) throws AuthFailure {
    if (credential.startsWith(ApiKeys.PREFIX)) {
      return keys.authenticate(credential)
          .orElseThrow(() -> new AuthFailure("the API key is unknown or revoked"));
    }
    if (jwt.isEmpty()) {
      throw new AuthFailure(
          "the credential is not an OpsMCP API key (opsmcp_…) and this server accepts no JWTs");
    }
    Caller caller = jwt.get().verify(credential);
    if (!knownTenants.contains(caller.tenant())) {
      if (!tenants.exists(caller.tenant())) {
        throw new AuthFailure("the token's tenant '" + caller.tenant() + "' does not exist here");
      }
      knownTenants.add(caller.tenant());
    }
    return caller;
  }
}
