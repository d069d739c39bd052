package dev.opsmcp.common.auth;

import dev.opsmcp.common.tool.ToolFailure;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one authenticated request holds while it runs, a stream or a wait included: it ends when its
 * credential is revoked or expires ({@link Grants} watches), and then runs what was registered to
 * stop the request's work. Close it when the request is done. Thread-safe.
 */
public final class Grant implements AutoCloseable {
  /** Unregisters an action given to {@link #onEnd}. */
  @FunctionalInterface
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final Caller caller;
  private final Instant expiresAt;
  private final Runnable onClose;
  private final CopyOnWriteArrayList<Runnable> onEnd = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  Grant(Caller caller, Instant expiresAt, Runnable onClose) {
    this.caller = caller;
    this.expiresAt = expiresAt;
    this.onClose = onClose;
  }

  public Caller caller() {
    return caller;
  }

  /** When the credential expires on its own; {@code null} for an API key. */
  Instant expiresAt() {
    return expiresAt;
  }

  public boolean ended() {
    return ended;
  }

  /** Runs {@code action} once when the grant ends (at once if it has already). */
  public Subscription onEnd(Runnable action) {
    onEnd.add(action);
    if (ended && onEnd.remove(action)) {
      action.run();
    }
    return () -> onEnd.remove(action);
  }

  /** Throws a model-readable failure once the credential was revoked or has expired. */
  public void check() throws ToolFailure {
    if (ended) {
      throw new ToolFailure(
          ToolFailure.Kind.UNAUTHORIZED,
          "this call's credential was revoked or has expired, so the call was stopped; what was"
              + " already stored is kept (a question or approval keeps its id): call again with a"
              + " valid credential");
    }
  }

  void end() {
    ended = true;
    for (Runnable action : onEnd) {
      if (onEnd.remove(action)) {
        action.run();
      }
    }
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public String toString() {
    return "Grant[" + caller.tenant() + " " + caller.credentialId() + (ended ? " ended]" : "]");
  }
}
