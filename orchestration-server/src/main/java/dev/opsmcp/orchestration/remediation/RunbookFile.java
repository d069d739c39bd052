package dev.opsmcp.orchestration.remediation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a runbook file (YAML, or JSON, which is YAML too): {@code runbooks: [ … ]}. Everything an
 * operator can get wrong is refused with the runbook and field named, so a bad edit never loads
 * half a file.
 */
final class RunbookFile {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
  static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(600);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "description",
          "services",
          "risk",
          "requires_approval",
          "kind",
          "timeout_seconds",
          "parameters",
          "http",
          "command");
  private static final YAMLMapper YAML = new YAMLMapper();

  private RunbookFile() {}

  static List<Runbook> read(Path file) throws IOException {
    Object root;
    try {
      root = YAML.readValue(Files.readString(file), Object.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid YAML or JSON: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("runbooks") instanceof List<?> list)) {
      throw new IllegalArgumentException("the file must hold `runbooks:` with a list of runbooks");
    }
    List<Runbook> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Object item : list) {
      Runbook r = runbook(map(item, "a runbook"));
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("runbook " + r.name() + " is defined twice");
      }
      out.add(r);
    }
    return out;
  }

  private static Runbook runbook(Map<String, Object> m) {
    String name = string(m, "name", "a runbook", true);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "runbook name '" + name + "' must be lowercase letters, digits, . _ - (up to 64)");
    }
    String at = "runbook " + name;
    for (String key : m.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(at + ": unknown field '" + key + "'; allowed: " + KEYS);
      }
    }
    String risk = string(m, "risk", at, true);
    if (!Set.of("low", "medium", "high").contains(risk)) {
      throw new IllegalArgumentException(at + ": risk must be low, medium or high");
    }
    String kind = m.containsKey("kind") ? string(m, "kind", at, true) : "remediation";
    if (!Set.of("diagnostic", "remediation").contains(kind)) {
      throw new IllegalArgumentException(at + ": kind must be diagnostic or remediation");
    }
    Object approval = m.get("requires_approval");
    if (approval != null && !(approval instanceof Boolean)) {
      throw new IllegalArgumentException(at + ": requires_approval must be true or false");
    }
    boolean requiresApproval = approval == null ? !risk.equals("low") : (Boolean) approval;
    int timeout = m.containsKey("timeout_seconds") ? integer(m.get("timeout_seconds"), at) : 30;
    if (timeout < 1 || timeout > MAX_TIMEOUT.toSeconds()) {
      throw new IllegalArgumentException(at + ": timeout_seconds must be 1 to 600");
    }
    List<RunbookParameter> params = new ArrayList<>();
    Map<String, Object> declared =
        m.containsKey("parameters") ? map(m.get("parameters"), at + " parameters") : Map.of();
    for (var e : declared.entrySet()) {
      params.add(parameter(e.getKey(), map(e.getValue(), at + " parameter " + e.getKey()), at));
    }
    Set<String> known = new HashSet<>(declared.keySet());
    HttpAction http =
        m.containsKey("http") ? http(map(m.get("http"), at + " http"), at, known) : null;
    CommandAction command =
        m.containsKey("command")
            ? command(map(m.get("command"), at + " command"), at, known)
            : null;
    if ((http == null) == (command == null)) {
      throw new IllegalArgumentException(at + ": needs exactly one executor, http or command");
    }
    return new Runbook(
        name,
        string(m, "description", at, true),
        strings(m.get("services"), at + " services"),
        risk,
        requiresApproval,
        kind,
        Duration.ofSeconds(timeout),
        params,
        http,
        command);
  }

  private static RunbookParameter parameter(String name, Map<String, Object> m, String at) {
    String where = at + " parameter " + name;
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(where + ": name must be letters, digits and _");
    }
    String type = m.containsKey("type") ? string(m, "type", where, true) : "string";
    if (!Set.of("string", "integer", "boolean").contains(type)) {
      throw new IllegalArgumentException(where + ": type must be string, integer or boolean");
    }
    List<String> allowed = m.containsKey("enum") ? strings(m.get("enum"), where + " enum") : null;
    Pattern pattern = null;
    if (m.containsKey("pattern")) {
      try {
        pattern = Pattern.compile(string(m, "pattern", where, true));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            where + ": pattern does not compile: " + e.getDescription());
      }
    }
    if (type.equals("string") && allowed == null && pattern == null) {
      throw new IllegalArgumentException(where + ": a string parameter needs an enum or a pattern");
    }
    Object def = m.get("default");
    boolean required =
        m.containsKey("required") ? Boolean.TRUE.equals(m.get("required")) : def == null;
    RunbookParameter p =
        new RunbookParameter(
            name,
            type,
            m.containsKey("description") ? string(m, "description", where, true) : "",
            allowed,
            pattern,
            required,
            null);
    if (def == null) {
      return p;
    }
    try {
      String value = p.validate(def, at);
      return new RunbookParameter(name, type, p.description(), allowed, pattern, required, value);
    } catch (dev.opsmcp.common.tool.ToolFailure e) {
      throw new IllegalArgumentException(where + ": default is invalid: " + e.getMessage());
    }
  }

  private static HttpAction http(Map<String, Object> m, String at, Set<String> known) {
    String method = m.containsKey("method") ? string(m, "method", at + " http", true) : "POST";
    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
      throw new IllegalArgumentException(
          at + ": http method must be GET, POST, PUT, PATCH or DELETE");
    }
    String url = string(m, "url", at + " http", true);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException(at + ": http url must start with http:// or https://");
    }
    int pathStart = url.indexOf('/', url.indexOf("//") + 2);
    String origin = pathStart < 0 ? url : url.substring(0, pathStart);
    if (origin.contains("{{")) {
      throw new IllegalArgumentException(
          at + ": parameters may not choose the host of the http url, only its path and query");
    }
    placeholders(url, known, at + " http url");
    String body = m.containsKey("body") ? string(m, "body", at + " http", false) : null;
    if (body != null) {
      placeholders(body, known, at + " http body");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (m.containsKey("headers")) {
      for (var e : map(m.get("headers"), at + " http headers").entrySet()) {
        String value = String.valueOf(e.getValue());
        if (PLACEHOLDER.matcher(value).find()) {
          throw new IllegalArgumentException(
              at + ": header " + e.getKey() + " may hold ${env:NAME} secrets, not parameters");
        }
        headers.put(e.getKey(), value);
      }
    }
    List<Integer> accept = new ArrayList<>();
    if (m.get("accept") instanceof List<?> codes) {
      for (Object c : codes) {
        accept.add(integer(c, at + " http accept"));
      }
    } else if (m.containsKey("accept")) {
      throw new IllegalArgumentException(at + ": http accept must be a list of status codes");
    }
    return new HttpAction(method, url, headers, body, accept);
  }

  private static CommandAction command(Map<String, Object> m, String at, Set<String> known) {
    List<String> argv = strings(m.get("argv"), at + " command argv");
    if (argv.isEmpty() || !argv.get(0).startsWith("/") || argv.get(0).contains("{{")) {
      throw new IllegalArgumentException(
          at + ": command argv[0] must be an absolute program path without parameters");
    }
    for (String a : argv) {
      placeholders(a, known, at + " command argv");
    }
    String dir =
        m.containsKey("working_dir") ? string(m, "working_dir", at + " command", true) : null;
    if (dir != null && !dir.startsWith("/")) {
      throw new IllegalArgumentException(at + ": command working_dir must be an absolute path");
    }
    return new CommandAction(argv, dir);
  }

  private static void placeholders(String template, Set<String> known, String where) {
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!known.contains(m.group(1))) {
        throw new IllegalArgumentException(
            where + " uses {{" + m.group(1) + "}}, which is not a declared parameter");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(what + " must be a mapping");
    }
    return (Map<String, Object>) m;
  }

  private static String string(Map<String, Object> m, String key, String at, boolean nonBlank) {
    Object v = m.get(key);
    if (!(v instanceof String s) || (nonBlank && s.isBlank())) {
      throw new IllegalArgumentException(at + ": '" + key + "' must be a non-empty string");
    }
    return s;
  }

  private static int integer(Object v, String at) {
    if (v instanceof Integer i) {
      return i;
    }
    throw new IllegalArgumentException(at + ": expected an integer, got " + v);
  }

  private static List<String> strings(Object v, String at) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(at + " must be a list");
    }
    return list.stream().map(String::valueOf).toList();
  }
}
