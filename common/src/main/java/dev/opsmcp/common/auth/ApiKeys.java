package dev.opsmcp.common.auth;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.Unavailable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * API keys: {@code opsmcp_} plus 40 random base62 characters, stored as SHA-256. Verified keys are
 * cached for a short time so a busy agent does not cost a query per request; a revoke in this
 * process takes effect at once, one made elsewhere within the cache time. Unknown keys are cached
 * apart, in a bounded map, so a flood of them never evicts a verified key. While the database
 * cannot be reached, a key verified earlier in this process stays verified. Thread-safe.
 */
public final class ApiKeys {
  public static final String PREFIX = "opsmcp_";
  private static final Pattern FORMAT = Pattern.compile("opsmcp_[0-9A-Za-z]{32,64}");
  private static final int MAX_UNKNOWN = 10_000;
  private static final int MAX_VERIFIED = 100_000;
  private static final int LIVE_IDS_PER_QUERY = 500;

  private record Cached(Caller caller, long expiresAt) {}

  private final Database db;
  private final long cacheNanos;
  private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> unknown = new ConcurrentHashMap<>();
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
    forget(id);
    return changed == 1;
  }

  /** Drops a key from the cache, so that its next use is looked up (after a revocation). */
  public void forget(String id) {
    verified.values().removeIf(c -> c.caller().credentialId().equals(id));
  }

  /** Which of these key ids exist and are not revoked: one query per 500 ids, never cached. */
  public Set<String> liveIds(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    Set<String> live = new HashSet<>();
    for (int i = 0; i < all.size(); i += LIVE_IDS_PER_QUERY) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + LIVE_IDS_PER_QUERY));
      live.addAll(db.jdbi().withExtension(ApiKeyStore.class, s -> s.live(chunk)));
    }
    return live;
  }

  public boolean exists(String id) {
    return db.jdbi().withExtension(ApiKeyStore.class, s -> s.exists(id)) > 0;
  }

  /** The caller a key stands for, or empty when it is unknown or revoked. */
  public Optional<Caller> authenticate(String secret) {
    if (!FORMAT.matcher(secret).matches()) {
      return Optional.empty(); // not a key we could have issued: no query
    }
    String hash = Secrets.sha256(secret);
    long now = System.nanoTime();
    Optional<Caller> hit = cached(hash, now);
    if (hit.isPresent()) {
      return hit;
    }
    Long unknownUntil = unknown.get(hash);
    if (unknownUntil != null && unknownUntil - now > 0) {
      return Optional.empty();
    }
    // The database is away: a key verified before keeps working (nobody can revoke it
    // meanwhile), without waiting for a connection again; an unknown one cannot be checked and the
    // caller is told to retry.
    Cached earlier = verified.get(hash);
    if (earlier != null && db.unreachable()) {
      return Optional.of(earlier.caller());
    }
    Optional<Caller> found;
    try {
      found = lookup(hash);
    } catch (RuntimeException e) {
      if (earlier != null && Unavailable.causedBy(e)) {
        return Optional.of(earlier.caller());
      }
      throw e;
    }
    if (found.isPresent()) {
      unknown.remove(hash);
      if (verified.size() >= MAX_VERIFIED) {
        verified.values().removeIf(c -> c.expiresAt() - now < 0);
      }
      verified.put(hash, new Cached(found.get(), now + cacheNanos));
      touch(found.get().credentialId(), now);
    } else if (cacheNanos > 0) {
      rememberUnknown(hash, now);
    }
    return found;
  }

  /** The caller of a key verified within the cache time; empty, without a query, otherwise. */
  public Optional<Caller> cached(String secret) {
    if (!FORMAT.matcher(secret).matches()) {
      return Optional.empty();
    }
    return cached(Secrets.sha256(secret), System.nanoTime());
  }

  private Optional<Caller> cached(String hash, long now) {
    Cached hit = verified.get(hash);
    if (hit == null || hit.expiresAt() - now < 0) {
      return Optional.empty();
    }
    touch(hit.caller().credentialId(), now);
    return Optional.of(hit.caller());
  }

  /** Bounded apart from the verified keys: when full, only unknown keys are forgotten. */
  private void rememberUnknown(String hash, long now) {
    if (unknown.size() >= MAX_UNKNOWN) {
      unknown.values().removeIf(until -> until - now < 0);
      if (unknown.size() >= MAX_UNKNOWN) {
        unknown.clear();
      }
    }
    unknown.put(hash, now + cacheNanos);
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
                    Scope.parseLenient(k.scopes()),
                    k.name()));
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
