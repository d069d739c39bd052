package dev.opsmcp.common.server;

import dev.opsmcp.common.auth.Scope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * RFC 9728 protected resource metadata at {@code /.well-known/oauth-protected-resource}: what this
 * resource is, which authorization servers issue tokens for it, and the scopes it knows.
 */
final class ProtectedResourceServlet extends HttpServlet {
  private final Supplier<String> resource;
  private final List<String> authorizationServers;

  ProtectedResourceServlet(Supplier<String> resource, List<String> authorizationServers) {
    this.resource = resource;
    this.authorizationServers = authorizationServers;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resource", resource.get());
    if (!authorizationServers.isEmpty()) {
      body.put("authorization_servers", authorizationServers);
    }
    body.put("bearer_methods_supported", List.of("header"));
    body.put("scopes_supported", Arrays.stream(Scope.values()).map(Scope::wire).toList());
    body.put("resource_name", "OpsMCP");
    res.setHeader("Cache-Control", "max-age=300");
    JsonRpcErrors.write(res, 200, body);
  }
}
