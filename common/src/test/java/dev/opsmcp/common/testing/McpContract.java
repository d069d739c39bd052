package dev.opsmcp.common.testing;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.JsonSchemas;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Prompt;
import dev.opsmcp.common.tool.Resource;
import dev.opsmcp.common.tool.Tool;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a server's tools, prompts and resources keep, as a list of violations (each names the
 * thing and the rule): unique snake_case names, short descriptions on each of them and each
 * parameter, input schemas derivable from the records, prompt arguments all strings, scopes
 * declared (a writing tool names at least one) and reachable on the server, honest hints.
 */
public final class McpContract {
  /** Tool definitions are paid for in the agent's context on every turn. */
  public static final int MAX_DESCRIPTION = 1_200;

  public static final int MAX_PARAM_DESCRIPTION = 400;
  private static final String SNAKE_CASE = "[a-z][a-z0-9]*(_[a-z0-9]+)*";

  private final List<String> violations = new ArrayList<>();
  private final Set<Scope> reachable;

  private McpContract(Set<Scope> accessScopes) {
    this.reachable = EnumSet.of(Scope.ADMIN);
    this.reachable.addAll(accessScopes);
  }

  public static List<String> violations(
      List<Tool<?>> tools, List<Prompt<?>> prompts, List<Resource> resources, Set<Scope> access) {
    McpContract c = new McpContract(access);
    Set<String> names = new HashSet<>();
    for (Tool<?> t : tools) {
      String what = "tool " + t.name();
      c.name(what, t.name(), names);
      c.description(what, t.description());
      c.parameters(what, t.inputType());
      c.scopes(what, t.scopes());
      if (t.scopes() != null && t.scopes().isEmpty() && !t.hints().readOnly()) {
        c.violations.add(what + ": writes, so it must name the scopes that may call it");
      }
      if (t.hints().readOnly() && t.hints().destructive()) {
        c.violations.add(what + ": read-only and destructive at once");
      }
    }
    for (Prompt<?> p : prompts) {
      String what = "prompt " + p.name();
      c.name(what, p.name(), names);
      c.description(what, p.description());
      c.parameters(what, p.inputType());
      c.scopes(what, p.scopes());
      for (RecordComponent rc : p.inputType().getRecordComponents()) {
        if (rc.getType() != String.class) {
          c.violations.add(what + ": argument " + rc.getName() + " is not a string");
        }
      }
    }
    for (Resource r : resources) {
      String what = "resource " + r.name();
      c.name(what, r.name(), names);
      c.description(what, r.description());
      c.scopes(what, r.scopes());
      if (r.mimeType() == null || r.mimeType().isBlank()) {
        c.violations.add(what + ": no mime type");
      }
      if (!r.uri().contains("://")) {
        c.violations.add(what + ": " + r.uri() + " is not a URI (scheme://…)");
      }
    }
    return List.copyOf(c.violations);
  }

  private void name(String what, String name, Set<String> seen) {
    if (name == null || !name.matches(SNAKE_CASE) || name.length() > 64) {
      violations.add(what + ": name is not snake_case of at most 64 characters");
    }
    if (!seen.add(what)) {
      violations.add(what + ": name used twice");
    }
  }

  private void description(String what, String text) {
    if (text == null || text.isBlank()) {
      violations.add(what + ": no description");
    } else if (text.length() > MAX_DESCRIPTION) {
      violations.add(what + ": description over " + MAX_DESCRIPTION + " characters");
    }
  }

  private void parameters(String what, Class<? extends Record> input) {
    try {
      JsonSchemas.of(input);
    } catch (RuntimeException e) {
      violations.add(what + ": no JSON schema for its input (" + e.getMessage() + ")");
    }
    for (RecordComponent rc : input.getRecordComponents()) {
      Param param = rc.getAnnotation(Param.class);
      if (param == null || param.value().isBlank()) {
        violations.add(what + ": parameter " + rc.getName() + " has no @Param description");
      } else if (param.value().length() > MAX_PARAM_DESCRIPTION) {
        violations.add(what + ": parameter " + rc.getName() + " has a long description");
      }
    }
  }

  private void scopes(String what, Set<Scope> scopes) {
    if (scopes == null) {
      violations.add(what + ": declares no scopes");
    } else if (!reachable.containsAll(scopes)) {
      violations.add(what + ": needs scopes no credential of this server holds: " + scopes);
    }
  }
}
