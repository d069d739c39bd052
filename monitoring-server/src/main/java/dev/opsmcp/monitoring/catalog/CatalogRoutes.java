package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.RestCall;
import dev.opsmcp.common.rest.RestResponse;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.ToolInvoker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1}: the service catalog ({@code services}: list, get, put, delete) and changes
 * (record, list). Reading needs {@code monitoring:read}, writing {@code metrics:write}; the routes
 * that are twins of {@code list_services} and {@code record_change} call them through the invoker.
 */
public final class CatalogRoutes {
  /** A service's fields in a PUT body (the name is in the path). */
  record ServiceBody(
      @Param(value = "Owning team.", optional = true) String team,
      @Param(value = "Services this one calls.", optional = true) List<String> dependsOn,
      @Param(value = "http(s) URL verify_health probes.", optional = true) String healthUrl,
      @Param(value = "Objectives.", optional = true) Slo slo,
      @Param(value = "Runbook link.", optional = true) String runbookUrl) {}

  record ChangesQuery(
      @Param(value = "Only this service's changes.", optional = true) String service,
      @Param(value = "RFC 3339; default a day ago.", optional = true) String since) {}

  private final Catalog catalog;
  private final Changes changes;
  private final ListServicesTool listServices;
  private final RecordChangeTool recordChange;
  private final ToolInvoker invoker;

  public CatalogRoutes(
      Catalog catalog,
      Changes changes,
      ListServicesTool listServices,
      RecordChangeTool recordChange,
      ToolInvoker invoker) {
    this.catalog = catalog;
    this.changes = changes;
    this.listServices = listServices;
    this.recordChange = recordChange;
    this.invoker = invoker;
  }

  public RouteTable table() {
    RouteTable.Builder t = RouteTable.builder("/api/v1", "OpsMCP monitoring API");
    t.add(
        Route.get(
                "/services",
                ListServicesTool.Input.class,
                (c, in) -> invoker.call(listServices, c, in))
            .scopes(Scope.MONITORING_READ)
            .summary("The catalog's services, by name (list_services)."));
    t.add(
        Route.get("/services/{name}", c -> find(c.caller().tenant(), c.path("name")))
            .scopes(Scope.MONITORING_READ)
            .summary("One service of the catalog."));
    t.add(
        Route.put("/services/{name}", ServiceBody.class, this::put)
            .scopes(Scope.METRICS_WRITE)
            .summary("Add or replace a service (team, dependencies, health URL, SLO, runbook)."));
    t.add(
        Route.delete("/services/{name}", this::delete)
            .scopes(Scope.METRICS_WRITE)
            .summary("Remove a service from the catalog; 204."));
    t.add(
        Route.post(
                "/changes",
                RecordChangeTool.Input.class,
                (c, in) -> RestResponse.of(201, invoker.call(recordChange, c, in)))
            .scopes(Scope.METRICS_WRITE)
            .summary("Record a deploy, config, flag or scale change (record_change); 201."));
    t.add(
        Route.get("/changes", ChangesQuery.class, this::changes)
            .scopes(Scope.MONITORING_READ)
            .summary("Changes since a time (default a day ago), oldest first, up to 500."));
    return t.build();
  }

  private CatalogService find(String tenant, String name) throws ToolFailure {
    return catalog.get(tenant, name).orElseThrow(() -> notFound(name));
  }

  private CatalogService put(RestCall c, ServiceBody b) throws ToolFailure {
    return catalog.put(
        c.caller().tenant(),
        new CatalogService(
            c.path("name"),
            b.team(),
            b.dependsOn() == null ? List.of() : b.dependsOn(),
            b.healthUrl(),
            b.slo(),
            b.runbookUrl(),
            "api"));
  }

  private Object delete(RestCall c) throws ToolFailure {
    if (!catalog.delete(c.caller().tenant(), c.path("name"))) {
      throw notFound(c.path("name"));
    }
    return null;
  }

  private Object changes(RestCall c, ChangesQuery q) throws ToolFailure {
    Instant now = Instant.now();
    Instant from =
        q.since() == null ? now.minus(Duration.ofDays(1)) : TimeWindow.instant("since", q.since());
    List<ChangeEvent> list =
        changes.list(
            c.caller().tenant(), q.service(), from, now.plusSeconds(301), Changes.MAX_LIST + 1);
    boolean truncated = list.size() > Changes.MAX_LIST;
    return Map.of(
        "changes", truncated ? list.subList(0, Changes.MAX_LIST) : list, "truncated", truncated);
  }

  private static ToolFailure notFound(String name) {
    return new ToolFailure(
        ToolFailure.Kind.NOT_FOUND, "no service " + Echo.of(name) + " in the catalog");
  }
}
