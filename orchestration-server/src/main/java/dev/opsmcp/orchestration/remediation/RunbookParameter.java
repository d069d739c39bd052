package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.tool.ToolFailure;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A declared runbook parameter: its type ({@code string}, {@code integer} or {@code boolean}), and
 * for strings an enum or a pattern the whole value must match; required or with a default.
 */
public record RunbookParameter(
    String name,
    String type,
    String description,
    List<String> allowed,
    Pattern pattern,
    boolean required,
    String defaultValue) {
  public RunbookParameter {
    allowed = allowed == null ? null : List.copyOf(allowed);
  }

  /** The validated value as text, or a failure that says what to send. */
  String validate(Object raw, String runbook) throws ToolFailure {
    String where = "parameter '" + name + "' of runbook " + runbook;
    String value =
        switch (type) {
          case "integer" -> {
            if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
              yield Long.toString(n.longValue());
            }
            if (raw instanceof String s && s.strip().matches("-?[0-9]{1,18}")) {
              yield s.strip();
            }
            throw new ToolFailure(where + " must be an integer; got " + shown(raw));
          }
          case "boolean" -> {
            if (raw instanceof Boolean b) {
              yield b.toString();
            }
            if (raw instanceof String s && (s.equals("true") || s.equals("false"))) {
              yield s;
            }
            throw new ToolFailure(where + " must be true or false; got " + shown(raw));
          }
          default -> {
            if (!(raw instanceof String s)) {
              throw new ToolFailure(where + " must be a string; got " + shown(raw));
            }
            yield s;
          }
        };
    if (allowed != null && !allowed.contains(value)) {
      throw new ToolFailure(where + " must be one of " + allowed + "; got " + shown(raw));
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      throw new ToolFailure(
          where + " must match the pattern " + pattern.pattern() + "; got " + shown(raw));
    }
    return value;
  }

  private static String shown(Object raw) {
    String s = String.valueOf(raw).replace("\n", "\\n").replace("\r", "\\r");
    return "'" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "'";
  }
}
