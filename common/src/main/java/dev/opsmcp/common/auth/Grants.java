package dev.opsmcp.common.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@link Grant}s of one server, checked every {@code period}: grants of a key that is
 * revoked (in any process: one query per check for all open keys) or of a JWT past its {@code exp}
 * end. One daemon thread; close it at shutdown. Thread-safe.
 */
public final class Grants implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Grants.class);

  private final ApiKeys keys;
  private final Duration period;
  private final Set<Grant> open = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  public Grants(ApiKeys keys, Duration period) {
    this.keys = keys;
    this.period = period;
    this.thread = Thread.ofPlatform().daemon().name("opsmcp-grants").unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  /** A grant for one request of {@code verified}'s credential; close it when the request ends. */
  public Grant open(Verified verified) {
    Grant[] holder = new Grant[1];
    holder[0] = new Grant(verified.caller(), verified.expiresAt(), () -> open.remove(holder[0]));
    open.add(holder[0]);
    return holder[0];
  }

  private void loop() {
    while (!closed) {
      try {
        Thread.sleep(period);
        check(Instant.now());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // the database may be away for a moment: keep the grants, check again next period
        LOG.warn("checking open credentials failed: {}", e.toString());
      }
    }
  }

  /** Ends the grants whose credential was revoked or expired by {@code now}. */
  void check(Instant now) {
    Map<String, List<Grant>> byKey = new HashMap<>();
    for (Grant g : open) {
      if (g.caller().kind() == Caller.CredentialKind.API_KEY) {
        byKey.computeIfAbsent(g.caller().credentialId(), k -> new ArrayList<>()).add(g);
      } else if (g.expiresAt() != null && !now.isBefore(g.expiresAt())) {
        open.remove(g);
        g.end();
      }
    }
    if (byKey.isEmpty()) {
      return;
    }
    Set<String> live = keys.liveIds(byKey.keySet());
    byKey.forEach(
        (id, grants) -> {
          if (!live.contains(id)) {
            LOG.info("key {} is revoked: ending its {} open requests", id, grants.size());
            keys.forget(id);
            grants.forEach(
                g -> {
                  open.remove(g);
                  g.end();
                });
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
