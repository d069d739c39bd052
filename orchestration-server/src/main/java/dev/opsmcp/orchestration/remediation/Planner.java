package dev.opsmcp.orchestration.remediation;

import dev.opsmcp.common.tool.ToolFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/** Validates an agent's parameters against a runbook and renders the {@link Plan}. */
final class Planner {
  private Planner() {}

  /** The declared parameters' values (defaults applied), or a failure naming the bad one. */
  static Map<String, String> values(Runbook r, Map<String, Object> given) throws ToolFailure {
    Map<String, Object> in = given == null ? Map.of() : given;
    for (String name : in.keySet()) {
      if (r.parameters().stream().noneMatch(p -> p.name().equals(name))) {
        throw new ToolFailure(
            "runbook "
                + r.name()
                + " has no parameter '"
                + name
                + "'; its parameters: "
                + names(r));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (RunbookParameter p : r.parameters()) {
      Object raw = in.get(p.name());
      if (raw == null) {
        if (p.defaultValue() != null) {
          out.put(p.name(), p.defaultValue());
          continue;
        }
        if (p.required()) {
          throw new ToolFailure(
              "runbook "
                  + r.name()
                  + " needs parameter '"
                  + p.name()
                  + "' ("
                  + p.type()
                  + (p.allowed() != null ? ", one of " + p.allowed() : "")
                  + (p.pattern() != null ? ", matching " + p.pattern().pattern() : "")
                  + ")");
        }
        out.put(p.name(), "");
        continue;
      }
      out.put(p.name(), p.validate(raw, r.name()));
    }
    return out;
  }

  static Plan plan(Runbook r, Map<String, String> values) {
    long timeout = r.timeout().toSeconds();
    if (r.http() != null) {
      HttpAction h = r.http();
      String url =
          fill(
              h.url(),
              values,
              v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
      String body = h.body() == null ? null : fill(h.body(), values, Planner::jsonEscaped);
      return new Plan("http", h.method(), url, h.headers(), body, h.accept(), null, null, timeout);
    }
    CommandAction c = r.command();
    List<String> argv = new ArrayList<>();
    for (String a : c.argv()) {
      argv.add(fill(a, values, v -> v)); // each element stays one argument, whatever it holds
    }
    return new Plan("command", null, null, null, null, null, argv, c.workingDir(), timeout);
  }

  private static String fill(
      String template, Map<String, String> values, UnaryOperator<String> enc) {
    Matcher m = RunbookFile.PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(enc.apply(values.getOrDefault(m.group(1), ""))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A value inside a JSON string literal cannot end the literal or add fields. */
  private static String jsonEscaped(String v) {
    StringBuilder b = new StringBuilder();
    for (char ch : v.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }

  private static String names(Runbook r) {
    return r.parameters().isEmpty()
        ? "none"
        : String.join(", ", r.parameters().stream().map(RunbookParameter::name).toList());
  }
}
