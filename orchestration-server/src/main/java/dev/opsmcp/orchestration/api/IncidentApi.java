package dev.opsmcp.orchestration.api;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolAdapter;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import dev.opsmcp.orchestration.postmortem.Postmortems;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read side of incidents over REST, for dashboards and scripts: {@code GET /api/v1/incidents}
 * (the filters of list_incidents), {@code /incidents/{id}} (get_incident's arguments as query
 * parameters) and {@code /incidents/{id}/postmortem} (Markdown). The list and get routes call the
 * tools themselves, so both paths validate alike. Errors are {@code {"error":{"code","message"}}}.
 */
public final class IncidentApi extends HttpServlet {
  private static final Pattern INCIDENT = Pattern.compile("/incidents/([A-Za-z0-9-]{1,40})");
  private static final Pattern POSTMORTEM =
      Pattern.compile("/incidents/([A-Za-z0-9-]{1,40})/postmortem");

  private final Incidents incidents;
  private final Postmortems postmortems;
  private final Tool<?> list;
  private final Tool<?> get;

  public IncidentApi(Incidents incidents, Postmortems postmortems, Tool<?> list, Tool<?> get) {
    this.incidents = incidents;
    this.postmortems = postmortems;
    this.list = list;
    this.get = get;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Grant grant = (Grant) req.getAttribute(ToolAdapter.GRANT_KEY);
    Caller caller = grant.caller();
    String path =
        req.getServletPath().substring("/api/v1".length())
            + (req.getPathInfo() == null ? "" : req.getPathInfo());
    try {
      Matcher m;
      if (path.equals("/incidents")) {
        json(res, call(list, grant, query(req)));
      } else if ((m = POSTMORTEM.matcher(path)).matches()) {
        caller.require(Scope.INCIDENTS_READ);
        Incident incident = incidents.get(caller.tenant(), m.group(1));
        res.setStatus(200);
        res.setContentType("text/markdown");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.getWriter().write(postmortems.current(caller.tenant(), incident).markdown());
      } else if ((m = INCIDENT.matcher(path)).matches()) {
        Map<String, Object> args = query(req);
        args.put("incident_id", m.group(1));
        json(res, call(get, grant, args));
      } else {
        error(res, 404, "not_found", "no route GET /api/v1" + path);
      }
    } catch (ToolFailure e) {
      error(res, e.kind().httpStatus(), e.kind().code(), e.getMessage());
    }
  }

  private static <I extends Record> Object call(Tool<I> tool, Grant grant, Map<String, Object> args)
      throws ToolFailure {
    I input = ToolAdapter.parse(tool, args);
    return tool.call(
        new ToolContext() {
          @Override
          public Caller caller() {
            return grant.caller();
          }

          @Override
          public Grant grant() {
            return grant;
          }

          @Override
          public void progress(double progress, Double total, String message) {}
        },
        input);
  }

  private static Map<String, Object> query(HttpServletRequest req) {
    Map<String, Object> args = new LinkedHashMap<>();
    req.getParameterMap()
        .forEach(
            (k, v) -> {
              String value = v[0];
              args.put(
                  k,
                  k.equals("limit") && value.matches("[0-9]{1,6}")
                      ? Integer.valueOf(value)
                      : value);
            });
    return args;
  }

  private static void json(HttpServletResponse res, Object body) throws IOException {
    res.setStatus(200);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.getWriter().write(Json.write(body));
  }

  private static void error(HttpServletResponse res, int status, String code, String message)
      throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(Json.write(Map.of("error", Map.of("code", code, "message", message))));
  }
}
