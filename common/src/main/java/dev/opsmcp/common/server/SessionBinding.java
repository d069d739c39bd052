package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binds each MCP session to the credential that opened it. The session id a client is given is the
 * SDK's id plus an HMAC of that id and the owner's identity (tenant, credential kind and id: a key
 * id, or the JWT subject of the one configured issuer), keyed with a secret random per process. A
 * request whose session id does not verify for its own credential gets the 404 of an unknown
 * session before the SDK sees it, so nothing it sends reaches the owner's session or stream. A
 * binding that verified is remembered with its owner, so a session's HMAC is computed once, not on
 * every request; the map is cleared when it reaches {@link #REMEMBERED} entries (only bindings this
 * process issued can enter it, and a forgotten one is verified again).
 *
 * <p>Streamable HTTP: the {@code Mcp-Session-Id} header of the initialize response and of every
 * later POST, GET and DELETE. Legacy SSE: the {@code sessionId} of the endpoint event and of every
 * {@code /message} POST. Runs after authentication, inside {@link CleanErrorFilter}.
 */
final class SessionBinding extends HttpFilter {
  static final String HEADER = "Mcp-Session-Id";
  static final String PARAMETER = "sessionId";
  private static final int MAC_BYTES = 16;
  static final int REMEMBERED = 4096;

  /** A binding that verified: the SDK's id, and whom it was issued to. */
  private record Verified(String raw, String owner) {}

  // Cloning an initialised Mac skips the provider lookup and key setup on every request.
  private final Mac prototype;
  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

  SessionBinding() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req.getAttribute(AuthFilter.CALLER) instanceof Caller caller)) {
      res.sendError(401); // unreachable: authentication runs first
      return;
    }
    String owner = caller.kind() + "\n" + caller.tenant() + "\n" + caller.credentialId();
    String uri = req.getRequestURI();
    if (uri.endsWith("/message")) {
      String bound = req.getParameter(PARAMETER);
      if (bound == null) {
        chain.doFilter(req, res); // the SDK says what is missing
        return;
      }
      String raw = unbind(bound, owner);
      if (raw == null) {
        res.sendError(404);
        return;
      }
      chain.doFilter(new WithParameter(req, raw), res);
    } else if (uri.endsWith("/sse")) {
      chain.doFilter(req, new BindingEndpoint(res, raw -> bind(raw, owner)));
    } else {
      String bound = req.getHeader(HEADER);
      HttpServletRequest forwarded = req;
      if (bound != null) {
        String raw = unbind(bound, owner);
        if (raw == null) {
          res.sendError(404);
          return;
        }
        forwarded = new WithHeader(req, raw);
      }
      chain.doFilter(forwarded, new BindingHeader(res, owner));
    }
  }

  String bind(String raw, String owner) {
    return raw + "." + mac(raw, owner);
  }

  /** The SDK's session id, or null when {@code bound} was not issued to {@code owner}. */
  String unbind(String bound, String owner) {
    Verified known = verified.get(bound);
    if (known != null && known.owner().equals(owner)) {
      return known.raw();
    }
    int dot = bound.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String raw = bound.substring(0, dot);
    byte[] expected = mac(raw, owner).getBytes(StandardCharsets.US_ASCII);
    byte[] given = bound.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return null;
    }
    if (verified.size() >= REMEMBERED) {
      verified.clear();
    }
    verified.put(bound, new Verified(raw, owner));
    return raw;
  }

  private String mac(String raw, String owner) {
    try {
      Mac mac = (Mac) prototype.clone();
      byte[] digest = mac.doFinal((owner + "\n" + raw).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, MAC_BYTES));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }

  /** Hands the SDK its own session id in place of the bound one. */
  private static final class WithHeader extends HttpServletRequestWrapper {
    private final String raw;

    WithHeader(HttpServletRequest req, String raw) {
      super(req);
      this.raw = raw;
    }

    @Override
    public String getHeader(String name) {
      return HEADER.equalsIgnoreCase(name) ? raw : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return HEADER.equalsIgnoreCase(name)
          ? Collections.enumeration(java.util.List.of(raw))
          : super.getHeaders(name);
    }
  }

  private static final class WithParameter extends HttpServletRequestWrapper {
    private final String raw;

    WithParameter(HttpServletRequest req, String raw) {
      super(req);
      this.raw = raw;
    }

    @Override
    public String getParameter(String name) {
      return PARAMETER.equals(name) ? raw : super.getParameter(name);
    }

    @Override
    public String[] getParameterValues(String name) {
      return PARAMETER.equals(name) ? new String[] {raw} : super.getParameterValues(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      Map<String, String[]> map = new java.util.LinkedHashMap<>(super.getParameterMap());
      map.put(PARAMETER, new String[] {raw});
      return map;
    }
  }

  /** Gives the client the bound session id when initialize sets the SDK's. */
  private final class BindingHeader extends HttpServletResponseWrapper {
    private final String owner;

    BindingHeader(HttpServletResponse res, String owner) {
      super(res);
      this.owner = owner;
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, bound(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
      super.addHeader(name, bound(name, value));
    }

    private String bound(String name, String value) {
      return HEADER.equalsIgnoreCase(name) && value != null ? bind(value, owner) : value;
    }
  }

  /** Gives the client the bound session id in the SSE endpoint event. */
  private static final class BindingEndpoint extends HttpServletResponseWrapper {
    private final java.util.function.UnaryOperator<String> bind;
    private PrintWriter writer;

    BindingEndpoint(HttpServletResponse res, java.util.function.UnaryOperator<String> bind) {
      super(res);
      this.bind = bind;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new EndpointEventWriter(super.getWriter(), bind);
      }
      return writer;
    }
  }
}
