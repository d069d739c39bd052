package dev.opsmcp.common.conformance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Adds {@code Authorization: Bearer <credential>} to requests that carry none: the conformance
 * suite has no option to send one, and our auth filter must still see a real key.
 */
final class BearerInjectionFilter extends HttpFilter {
  private static final String AUTHORIZATION = "Authorization";

  private volatile String credential;

  /** Sets the key to inject; until then requests pass unchanged (and are refused with 401). */
  void credential(String credential) {
    this.credential = credential;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String key = credential;
    if (key == null || req.getHeader(AUTHORIZATION) != null) {
      chain.doFilter(req, res);
      return;
    }
    chain.doFilter(new WithBearer(req, "Bearer " + key), res);
  }

  private static final class WithBearer extends HttpServletRequestWrapper {
    private final String value;

    WithBearer(HttpServletRequest request, String value) {
      super(request);
      this.value = value;
    }

    @Override
    public String getHeader(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name) ? value : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name)
          ? Collections.enumeration(Set.of(value))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
      names.add(AUTHORIZATION);
      return Collections.enumeration(names);
    }
  }
}
