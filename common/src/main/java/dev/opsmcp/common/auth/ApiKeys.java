package dev.opsmcp.common.auth;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API keys: {@code opsmcp_} plus 40 random base62 characters, stored as SHA-256. Verified keys are
 * cached for a short time so a busy agent does not cost a query per request; a revoke in this
 * process takes effect at once, one made elsewhere within the cache time. Thread-safe.
 */
public final class ApiKeys {
  public static final String PREFIX = "opsmcp_";

  private record Cached(Optional<Caller> caller, long expiresAt) {}

  private final Database db;
  private final long cacheNanos;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> lastTouched = new ConcurrentHashMap<>();

  public ApiKeys(Database db, Duration cacheTime) {
    this.db = db;
    this.cacheNanos = cacheTime.toNanos();
  }

  public NewApiKey create(String tenant, String name, Set<Scope> scopes) {
    Tenants.validate(tenant);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one scope");
    }
    String secret = PREFIX + Secrets.base62(40);
    String id = "key_" + Secrets.base62(12);
    String scopeList = scopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(" "));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String prefix = secret.substring(0, PREFIX.length() + 6);
    db.jdbi()
        .useExtension(
            ApiKeyStore.class,
            s -> s.insert(id, tenant, name, Secrets.sha256(secret), prefix, scopeList, now));
    var key = new ApiKey(id, tenant, name, prefix, scopeList, now, null, null);
    return new NewApiKey(key, secret);
  }

  public List<ApiKey> list(String tenant) {
    return db.jdbi().withExtension(ApiKeyStore.class, s -> s.list(tenant));
  }

  /** Revokes a key; false when no such key exists or it was already revoked. */
  public boolean revoke(String id) {
    int changed =
        db.jdbi()
            .withExtension(
                ApiKeyStore.class, s -> s.revoke(id, OffsetDateTime.now(ZoneOffset.UTC)));
    cache.clear();
    return changed == 1;
  }

  public boolean exists(String id) {
    return db.jdbi().withExtension(ApiKeyStore.class, s -> s.exists(id)) > 0;
  }

  /** The caller a key stands for, or empty when it is unknown or revoked. */
  public Optional<Caller> authenticate(String secret) {
    if (!secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(secret);
    long now = System.nanoTime();
    Cached hit = cache.get(hash);
    if (hit == null || hit.expiresAt - now < 0) {
      hit = new Cached(lookup(hash), now + cacheNanos);
      if (cache.size() > 10_000) {
        cache.clear();
      }
      cache.put(hash, hit);
    }
    hit.caller().ifPresent(c -> touch(c.credentialId(), now));
    return hit.caller();
  }

  private Optional<Caller> lookup(String hash) {
    return db.jdbi()
        .withExtension(ApiKeyStore.class, s -> s.findByHash(hash))
        .filter(k -> k.revokedAt() == null)
        .map(
            k ->
                new Caller(
                    k.tenantId(),
                    k.id(),
                    Caller.CredentialKind.API_KEY,
                    Scope.parseLenient(k.scopes())));
  }

  /** Records last use at most once a minute per key, so verification stays a cache hit. */
  private void touch(String id, long now) {
    Long previous = lastTouched.get(id);
    if (previous != null && now - previous < Duration.ofMinutes(1).toNanos()) {
      return;
    }
    lastTouched.put(id, now);
    db.jdbi().useExtension(ApiKeyStore.class, s -> s.touch(id, OffsetDateTime.now(ZoneOffset.UTC)));
  }
}
