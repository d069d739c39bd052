package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.AuthFailure;
import dev.opsmcp.common.auth.Authenticator;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.auth.Grants;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.auth.Verified;
import dev.opsmcp.common.db.Unavailable;
import dev.opsmcp.common.telemetry.Telemetry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Authenticates every request on a protected path, then checks that the credential is within its
 * rate limit and holds one of the server's access scopes. Sets {@link #CALLER} and {@link #GRANT}
 * on success; answers 401, 403 or 429 otherwise. Failures are limited and audited per source
 * address ({@link AuthFailures}). A request that goes on asynchronously (a stream) keeps its grant
 * until it completes, and is completed when the grant ends (its credential revoked or expired).
 */
final class AuthFilter extends HttpFilter {
  static final String CALLER = "opsmcp.caller";
  static final String GRANT = "opsmcp.grant";

  private final Authenticator authenticator;
  private final Set<Scope> accessScopes;
  private final RateLimiter rateLimiter;
  private final AuthFailures failures;
  private final Grants grants;
  private final AuditLog audit;
  private final Telemetry telemetry;
  private final Supplier<String> resourceMetadataUrl;

  AuthFilter(
      Authenticator authenticator,
      Set<Scope> accessScopes,
      RateLimiter rateLimiter,
      AuthFailures failures,
      Grants grants,
      AuditLog audit,
      Telemetry telemetry,
      Supplier<String> resourceMetadataUrl) {
    this.authenticator = authenticator;
    this.accessScopes = accessScopes;
    this.rateLimiter = rateLimiter;
    this.failures = failures;
    this.grants = grants;
    this.audit = audit;
    this.telemetry = telemetry;
    this.resourceMetadataUrl = resourceMetadataUrl;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.getAttribute(CALLER) != null) {
      chain.doFilter(req, res); // authenticated already: one request takes one token
      return;
    }
    Verified verified = verify(req, res);
    if (verified == null) {
      return;
    }
    Caller caller = verified.caller();
    long waitSeconds = rateLimiter.acquire(caller.credentialId(), System.nanoTime());
    if (waitSeconds > 0) {
      telemetry.authFailure("rate_limited");
      tooMany(res, waitSeconds, "too many requests for this credential");
      return;
    }
    if (accessScopes.stream().noneMatch(caller::has)) {
      forbidden(req, res, caller);
      return;
    }
    Grant grant = grants.open(verified);
    boolean streaming = false;
    try {
      req.setAttribute(CALLER, caller);
      req.setAttribute(GRANT, grant);
      chain.doFilter(req, res);
      streaming = holdWhileAsync(req, grant);
    } finally {
      if (!streaming) {
        grant.close();
      }
    }
  }

  /** The verified credential, or null when the request was answered (401 or 429). */
  private Verified verify(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String credential = credential(req);
    Verified cached = credential == null ? null : authenticator.cached(credential).orElse(null);
    if (cached != null) {
      return cached;
    }
    String address = req.getRemoteAddr();
    long retryAfter = failures.retryAfter(address, System.nanoTime());
    if (retryAfter > 0) {
      failures.limited(address);
      telemetry.authFailure("address_limited");
      tooMany(res, retryAfter, "too many failed authentications from this address");
      return null;
    }
    if (credential == null) {
      reject(req, res, "missing", "no credential: send 'Authorization: Bearer <key or JWT>'");
      return null;
    }
    try {
      return authenticator.authenticate(credential);
    } catch (AuthFailure e) {
      reject(req, res, "invalid", e.getMessage());
      return null;
    } catch (RuntimeException e) {
      if (!Unavailable.causedBy(e)) {
        throw e;
      }
      res.setHeader("Retry-After", "5");
      JsonRpcErrors.writePlain(res, 503, "database_unavailable", Unavailable.MESSAGE);
      return null;
    }
  }

  /**
   * Keeps the grant of a request that went asynchronous (a stream) until it completes, and ends the
   * stream when the grant ends. False when the request is done.
   */
  private static boolean holdWhileAsync(HttpServletRequest req, Grant grant) {
    if (!req.isAsyncStarted()) {
      return false;
    }
    AsyncContext async = req.getAsyncContext();
    try {
      async.addListener(new ReleaseOnComplete(grant));
    } catch (IllegalStateException completed) {
      return false;
    }
    grant.onEnd(
        () -> {
          try {
            async.complete();
          } catch (IllegalStateException alreadyCompleted) {
            // the stream ended by itself meanwhile
          }
        });
    return true;
  }

  private static String credential(HttpServletRequest req) {
    String authorization = req.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    String apiKey = req.getHeader("X-API-Key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }

  private static void tooMany(HttpServletResponse res, long waitSeconds, String why)
      throws IOException {
    res.setHeader("Retry-After", Long.toString(waitSeconds));
    JsonRpcErrors.writePlain(res, 429, "rate_limited", why + "; retry after " + waitSeconds + " s");
  }

  private void reject(
      HttpServletRequest req, HttpServletResponse res, String reason, String message)
      throws IOException {
    telemetry.authFailure(reason);
    failures.failed(req.getRemoteAddr(), reason, req.getRequestURI(), message, System.nanoTime());
    String error = reason.equals("missing") ? "" : ", error=\"invalid_token\"";
    res.setHeader(
        "WWW-Authenticate",
        "Bearer resource_metadata=\"" + resourceMetadataUrl.get() + "\"" + error);
    JsonRpcErrors.writePlain(
        res, 401, reason.equals("missing") ? "unauthorized" : "invalid_token", message);
  }

  private void forbidden(HttpServletRequest req, HttpServletResponse res, Caller caller)
      throws IOException {
    String needed =
        accessScopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(" "));
    telemetry.authFailure("insufficient_scope");
    audit.record(
        new AuditLog.Event(
            caller.tenant(),
            caller.credentialId(),
            "auth",
            req.getRequestURI(),
            "rejected_scope",
            "needs one of: " + needed,
            req.getRemoteAddr()));
    res.setHeader(
        "WWW-Authenticate",
        "Bearer error=\"insufficient_scope\", scope=\""
            + needed
            + "\", resource_metadata=\""
            + resourceMetadataUrl.get()
            + "\"");
    JsonRpcErrors.writePlain(
        res, 403, "insufficient_scope", "this credential needs one of the scopes: " + needed);
  }

  /** Closes a stream's grant when the stream completes, however it does. */
  private record ReleaseOnComplete(Grant grant) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      grant.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      grant.close();
    }

    @Override
    public void onError(AsyncEvent event) {
      grant.close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
