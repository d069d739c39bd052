package dev.opsmcp.common.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path with named segments, {@code /sessions/{id}/end}: each {@code {name}} matches one non-empty
 * segment. Immutable.
 */
public final class PathTemplate {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

  private final String template;
  private final Pattern pattern;
  private final List<String> names;

  public PathTemplate(String template) {
    if (!template.startsWith("/") || (template.length() > 1 && template.endsWith("/"))) {
      throw new IllegalArgumentException(
          "a path starts with / and does not end with one: " + template);
    }
    List<String> found = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher m = VARIABLE.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      if (found.contains(m.group(1))) {
        throw new IllegalArgumentException("{" + m.group(1) + "} twice in " + template);
      }
      found.add(m.group(1));
      last = m.end();
    }
    String rest = template.substring(last);
    if (rest.contains("{") || rest.contains("}")) {
      throw new IllegalArgumentException(
          "path variables are lower snake_case in braces, e.g. {id}: " + template);
    }
    regex.append(Pattern.quote(rest));
    this.template = template;
    this.pattern = Pattern.compile(regex.toString());
    this.names = List.copyOf(found);
  }

  /** The variables of {@code path} by name, or empty when it does not match. */
  public Optional<Map<String, String>> match(String path) {
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }

  public List<String> variables() {
    return names;
  }

  @Override
  public String toString() {
    return template;
  }
}
