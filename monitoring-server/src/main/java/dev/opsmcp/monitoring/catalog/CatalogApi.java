package dev.opsmcp.monitoring.catalog;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.JsonProblem;
import dev.opsmcp.common.tool.StorableText;
import dev.opsmcp.common.tool.ToolAdapter;
import dev.opsmcp.common.tool.ToolFailure;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * The catalog and change REST API under {@code /api/v1}: {@code services} (list, get, put, delete)
 * and {@code changes} (post, list). Reading needs {@code monitoring:read}, writing {@code
 * metrics:write}. Errors are {@code {"error": {"code", "message"}}}.
 */
public final class CatalogApi extends HttpServlet {
  private static final int MAX_BODY = 64 * 1024;

  /** A service's fields in a PUT body (the name is in the path). */
  record ServiceBody(
      String team, List<String> dependsOn, String healthUrl, Slo slo, String runbookUrl) {}

  record ChangeBody(String service, String kind, String version, String description, String at) {}

  private final transient Catalog catalog;
  private final transient Changes changes;

  public CatalogApi(Catalog catalog, Changes changes) {
    this.catalog = catalog;
    this.changes = changes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Caller caller = (Caller) req.getAttribute(ToolAdapter.CALLER_KEY);
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String method = req.getMethod();
    try {
      if (caller == null) {
        throw new ToolFailure(ToolFailure.Kind.FORBIDDEN, "authentication required");
      }
      Map<String, List<String>> query = new java.util.LinkedHashMap<>();
      req.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
      String unstorable = StorableText.refusal(query, "query parameter");
      if (unstorable != null) {
        throw new ToolFailure(unstorable);
      }
      String tenant = caller.tenant();
      if (path.equals("/services") && method.equals("GET")) {
        caller.require(Scope.MONITORING_READ);
        json(res, 200, Map.of("services", catalog.list(tenant, req.getParameter("team"))));
      } else if (path.startsWith("/services/") && path.length() > "/services/".length()) {
        String name =
            URLDecoder.decode(path.substring("/services/".length()), StandardCharsets.UTF_8);
        service(req, res, caller, name);
      } else if (path.equals("/changes") && method.equals("POST")) {
        caller.require(Scope.METRICS_WRITE);
        ChangeBody b = read(req, ChangeBody.class);
        Instant at = b.at() == null ? Instant.now() : instant("at", b.at());
        json(
            res,
            201,
            changes.record(tenant, b.service(), b.kind(), b.version(), b.description(), at));
      } else if (path.equals("/changes") && method.equals("GET")) {
        caller.require(Scope.MONITORING_READ);
        String since = req.getParameter("since");
        Instant from =
            since == null
                ? Instant.now().minus(java.time.Duration.ofDays(1))
                : instant("since", since);
        List<ChangeEvent> list =
            changes.list(
                tenant,
                req.getParameter("service"),
                from,
                Instant.now().plusSeconds(301),
                Changes.MAX_LIST + 1);
        boolean truncated = list.size() > Changes.MAX_LIST;
        json(
            res,
            200,
            Map.of(
                "changes",
                truncated ? list.subList(0, Changes.MAX_LIST) : list,
                "truncated",
                truncated));
      } else {
        error(
            res,
            404,
            "not_found",
            "no such endpoint: " + Echo.shortened(method + " /api/v1" + path));
      }
    } catch (ToolFailure e) {
      error(res, e.kind().httpStatus(), e.kind().code(), e.getMessage());
    }
  }

  private void service(HttpServletRequest req, HttpServletResponse res, Caller caller, String name)
      throws IOException, ToolFailure {
    String tenant = caller.tenant();
    switch (req.getMethod()) {
      case "GET" -> {
        caller.require(Scope.MONITORING_READ);
        var s = catalog.get(tenant, name);
        if (s.isEmpty()) {
          throw new ToolFailure(
              ToolFailure.Kind.NOT_FOUND, "no service " + Echo.of(name) + " in the catalog");
        }
        json(res, 200, s.get());
      }
      case "PUT" -> {
        caller.require(Scope.METRICS_WRITE);
        ServiceBody b = read(req, ServiceBody.class);
        CatalogService stored =
            catalog.put(
                tenant,
                new CatalogService(
                    name,
                    b.team(),
                    b.dependsOn() == null ? List.of() : b.dependsOn(),
                    b.healthUrl(),
                    b.slo(),
                    b.runbookUrl(),
                    "api"));
        json(res, 200, stored);
      }
      case "DELETE" -> {
        caller.require(Scope.METRICS_WRITE);
        if (!catalog.delete(tenant, name)) {
          throw new ToolFailure(
              ToolFailure.Kind.NOT_FOUND, "no service " + Echo.of(name) + " in the catalog");
        }
        res.setStatus(204);
      }
      default -> error(res, 405, "method_not_allowed", "use GET, PUT or DELETE on a service");
    }
  }

  private static <T> T read(HttpServletRequest req, Class<T> type) throws IOException, ToolFailure {
    byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new ToolFailure("body is over 64 KB");
    }
    try {
      T value = Json.MAPPER.readValue(body, type);
      if (value == null) {
        throw new ToolFailure("body is empty: send a JSON object");
      }
      return value;
    } catch (JacksonException e) {
      throw new ToolFailure(
          "body is not the expected JSON: "
              + JsonProblem.describe(e, "field")
              + (type == ServiceBody.class
                  ? " (fields: team, depends_on, health_url, slo {availability, latency_p99_ms},"
                      + " runbook_url)"
                  : " (fields: service, kind, version, description, at)"));
    }
  }

  static Instant instant(String field, String text) throws ToolFailure {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new ToolFailure(
          field + " " + Echo.of(text) + " is not RFC 3339: write it like 2025-01-31T14:05:00Z");
    }
  }

  private static void json(HttpServletResponse res, int status, Object body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(Json.write(body));
  }

  private static void error(HttpServletResponse res, int status, String code, String message)
      throws IOException {
    json(res, status, Map.of("error", Map.of("code", code, "message", message)));
  }
}
