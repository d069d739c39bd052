package dev.opsmcp.common.rest;

import dev.opsmcp.common.auth.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server's REST routes under one base path (e.g. {@code /api/v1}), plus {@code GET /openapi.json}
 * generated from them. Mount it with {@code McpHost.Builder.routes}. Immutable.
 */
public final class RouteTable {
  private final String basePath;
  private final String title;
  private final List<Route<?>> routes;

  private RouteTable(String basePath, String title, List<Route<?>> routes) {
    this.basePath = basePath;
    this.title = title;
    this.routes = List.copyOf(routes);
  }

  public static Builder builder(String basePath, String title) {
    return new Builder(basePath, title);
  }

  public String basePath() {
    return basePath;
  }

  public String title() {
    return title;
  }

  public List<Route<?>> routes() {
    return routes;
  }

  /**
   * A {@code GET} endpoint under the base path that another servlet serves as server-sent events
   * (it cannot answer once like a route), listed in the OpenAPI document with its scopes.
   */
  record EventStream(String path, Set<Scope> scopes, String summary) {}

  /** A route matched by method and path, with its path variables. */
  record Match(Route<?> route, Map<String, String> variables) {}

  /**
   * The route for {@code method} and {@code path} (relative to the base path); empty with the
   * methods the path allows filled in, when only the method is wrong.
   */
  Optional<Match> match(String method, String path, Set<String> allowed) {
    for (Route<?> r : routes) {
      Optional<Map<String, String>> vars = r.path().match(path);
      if (vars.isEmpty()) {
        continue;
      }
      if (r.method().equals(method)) {
        return Optional.of(new Match(r, vars.get()));
      }
      allowed.add(r.method());
    }
    return Optional.empty();
  }

  /** Collects routes; {@link #build} checks that each declares its scopes and a summary. */
  public static final class Builder {
    private final String basePath;
    private final String title;
    private final List<Route<?>> routes = new ArrayList<>();
    private final List<EventStream> streams = new ArrayList<>();

    private Builder(String basePath, String title) {
      if (!basePath.startsWith("/") || basePath.endsWith("/")) {
        throw new IllegalArgumentException("base path like /api/v1, not " + basePath);
      }
      this.basePath = basePath;
      this.title = title;
    }

    public Builder add(Route<?> route) {
      routes.add(route);
      return this;
    }

    /**
     * Documents {@code GET path} as a {@code text/event-stream} endpoint that a servlet mounted
     * separately (at base path + {@code path}, authenticated) serves; it is not a route.
     */
    public Builder eventStream(String path, String summary, Scope first, Scope... more) {
      new PathTemplate(path);
      streams.add(new EventStream(path, EnumSet.of(first, more), summary));
      return this;
    }

    public RouteTable build() {
      Set<String> seen = new LinkedHashSet<>();
      for (Route<?> r : routes) {
        String id = r.method() + " " + r.path();
        if (r.scopes() == null) {
          throw new IllegalStateException(
              id + " declares no scopes: call .scopes(…) or .anyCredential()");
        }
        if (r.summary() == null || r.summary().isBlank()) {
          throw new IllegalStateException(id + " has no summary");
        }
        if (!seen.add(id)) {
          throw new IllegalStateException(id + " is declared twice");
        }
      }
      // The document lists itself too, so it is made once the table is complete.
      AtomicReference<Map<String, Object>> document = new AtomicReference<>();
      List<Route<?>> all = new ArrayList<>(routes);
      all.add(
          Route.get("/openapi.json", call -> document.get())
              .anyCredential()
              .summary("This API described in OpenAPI 3.1."));
      document.set(OpenApi.document(new RouteTable(basePath, title, all), streams));
      return new RouteTable(basePath, title, all);
    }
  }
}
