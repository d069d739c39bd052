package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.ToolFailure;
import java.util.Map;
import java.util.Set;

/** The test server's resource template: {@code note://{id}}, one note of the tenant as JSON. */
record NoteResource(NoteStore notes) implements Resource {
  @Override
  public String uri() {
    return "note://{id}";
  }

  @Override
  public String name() {
    return "note";
  }

  @Override
  public String description() {
    return "One of your tenant's notes, as JSON.";
  }

  @Override
  public String mimeType() {
    return "application/json";
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.MONITORING_READ);
  }

  @Override
  public Object read(Caller caller, Map<String, String> variables) throws ToolFailure {
    String id = variables.get("id");
    try {
      return notes
          .find(caller.tenant(), Long.parseLong(id))
          .orElseThrow(() -> new ToolFailure(ToolFailure.Kind.NOT_FOUND, "no note " + id));
    } catch (NumberFormatException e) {
      throw new ToolFailure(ToolFailure.Kind.NOT_FOUND, "no note " + id);
    }
  }
}
