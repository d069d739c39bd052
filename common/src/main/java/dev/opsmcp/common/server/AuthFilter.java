package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.AuditLog;
import dev.opsmcp.common.auth.AuthFailure;
import dev.opsmcp.common.auth.Authenticator;
import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.telemetry.Telemetry;
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
 * Authenticates every request on a protected path, then checks that the credential holds one of the
 * server's access scopes and is within its rate limit. Sets {@link #CALLER} on success; answers
 * 401, 403 or 429 otherwise, and audits each rejection.
 */
final class AuthFilter extends HttpFilter {
  static final String CALLER = "opsmcp.caller";

  private final Authenticator authenticator;
  private final Set<Scope> accessScopes;
  private final RateLimiter rateLimiter;
  private final AuditLog audit;
  private final Telemetry telemetry;
  private final Supplier<String> resourceMetadataUrl;

  AuthFilter(
      Authenticator authenticator,
      Set<Scope> accessScopes,
      RateLimiter rateLimiter,
      AuditLog audit,
      Telemetry telemetry,
      Supplier<String> resourceMetadataUrl) {
    this.authenticator = authenticator;
    this.accessScopes = accessScopes;
    this.rateLimiter = rateLimiter;
    this.audit = audit;
    this.telemetry = telemetry;
    this.resourceMetadataUrl = resourceMetadataUrl;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String credential = credential(req);
    if (credential == null) {
      reject(req, res, null, "missing", "no credential: send 'Authorization: Bearer <key or JWT>'");
      return;
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(credential);
    } catch (AuthFailure e) {
      reject(req, res, null, "invalid", e.getMessage());
      return;
    }
    if (accessScopes.stream().noneMatch(caller::has)) {
      forbidden(req, res, caller);
      return;
    }
    long waitSeconds = rateLimiter.acquire(caller.credentialId(), System.nanoTime());
    if (waitSeconds > 0) {
      telemetry.authFailure("rate_limited");
      res.setHeader("Retry-After", Long.toString(waitSeconds));
      JsonRpcErrors.writePlain(
          res,
          429,
          "rate_limited",
          "too many requests for this credential; retry after " + waitSeconds + " s");
      return;
    }
    req.setAttribute(CALLER, caller);
    chain.doFilter(req, res);
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

  private void reject(
      HttpServletRequest req, HttpServletResponse res, Caller caller, String reason, String message)
      throws IOException {
    telemetry.authFailure(reason);
    audit.record(
        new AuditLog.Event(
            null,
            null,
            "auth",
            req.getRequestURI(),
            "rejected_" + reason,
            message,
            req.getRemoteAddr()));
    String error = reason.equals("missing") ? "" : ", error=\"invalid_token\"";
    res.setHeader(
        "WWW-Authenticate",
        "Bearer resource_metadata=\"" + resourceMetadataUrl.get() + "\"" + error);
    JsonRpcErrors.write(
        res, 401, java.util.Map.of("error", "invalid_token", "error_description", message));
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
    JsonRpcErrors.write(
        res,
        403,
        java.util.Map.of(
            "error",
            "insufficient_scope",
            "error_description",
            "this credential needs one of the scopes: " + needed));
  }
}
