package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import java.util.List;
import java.util.Set;

/** Lists the catalog: declared services and those only seen in telemetry. */
public final class ListServicesTool implements Tool<ListServicesTool.Input> {
  public record Input(@Param(value = "Only this team's services.", optional = true) String team) {}

  public record Output(List<CatalogService> services, boolean truncated) {}

  static final int LIMIT = 200;

  private final Catalog catalog;

  public ListServicesTool(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "list_services";
  }

  @Override
  public String description() {
    return "List known services: team, depends_on, health_url, slo, runbook_url, and source (api,"
        + " file, or telemetry for services only seen in metrics).";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public Hints hints() {
    return Hints.READ_ONLY;
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws dev.opsmcp.common.tool.ToolFailure {
    List<CatalogService> all = catalog.list(ctx.caller().tenant(), in.team());
    return new Output(all.size() > LIMIT ? all.subList(0, LIMIT) : all, all.size() > LIMIT);
  }
}
