package dev.opsmcp.common.tool;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists to each caller only the tools it may call: {@code tools/list} leaves out a tool whose
 * scopes the caller's credential holds none of (the SDK asks once per tool per list request, with
 * the request's transport context). Hiding is a courtesy to the model, not the guard: a call is
 * refused by the invoker's scope check whether the tool was listed or not. Tools it was not given
 * are shown. Immutable; thread-safe.
 */
public final class ToolVisibility implements McpSyncListFilter<McpSchema.Tool> {
  private final Map<String, Set<Scope>> scopes = new HashMap<>();

  public ToolVisibility(List<? extends Tool<?>> tools) {
    tools.forEach(t -> scopes.put(t.name(), t.scopes()));
  }

  @Override
  public boolean isVisible(McpTransportContext context, McpSchema.Tool tool) {
    Set<Scope> needed = scopes.get(tool.name());
    if (needed == null || needed.isEmpty()) {
      return true;
    }
    return context.get(ToolAdapter.CALLER_KEY) instanceof Caller caller
        && needed.stream().anyMatch(caller::has);
  }
}
