package dev.opsmcp.orchestration.alert;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.ToolAdapter;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.common.tool.TypeWords;
import dev.opsmcp.orchestration.incident.Incidents;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Alert intake: {@code POST /api/v1/alerts/alertmanager} (Alertmanager webhook, version 4) and
 * {@code /api/v1/alerts/grafana} (Grafana alerting's webhook), scope {@code alerts:write}, tenant
 * from the credential. {@code ?auto_resolve=true} resolves the incident when its group resolves.
 * Answers 2xx to a delivery already recorded, 4xx only to a bad payload (naming the field) or
 * credential, never 429 (Alertmanager drops a 4xx delivery): when {@code concurrency} deliveries
 * are already being handled, or the database fails, it answers 503 with {@code Retry-After}, which
 * Alertmanager retries.
 */
public final class AlertsApi extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsApi.class);

  /** Seconds a sender is asked to wait when intake is busy or the database fails. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final AlertIntake intake;
  private final Semaphore slots;

  public AlertsApi(Incidents incidents, String serviceLabel, int concurrency) {
    this.intake = new AlertIntake(incidents, serviceLabel);
    this.slots = new Semaphore(concurrency);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Caller caller = (Caller) req.getAttribute(ToolAdapter.CALLER_KEY);
    String source =
        switch (req.getPathInfo() == null ? "" : req.getPathInfo()) {
          case "/alertmanager" -> "alertmanager";
          case "/grafana" -> "grafana";
          default -> null;
        };
    if (source == null) {
      write(
          res,
          404,
          error("not_found", "POST to /api/v1/alerts/alertmanager or /api/v1/alerts/grafana"));
      return;
    }
    try {
      caller.require(Scope.ALERTS_WRITE);
    } catch (ToolFailure e) {
      write(res, e.kind().httpStatus(), error(e.kind().code(), e.getMessage()));
      return;
    }
    boolean admitted;
    try {
      admitted = slots.tryAcquire(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      unavailable(res, "alert intake is busy");
      return;
    }
    try {
      handle(req, res, caller, source);
    } finally {
      slots.release();
    }
  }

  private void handle(HttpServletRequest req, HttpServletResponse res, Caller caller, String source)
      throws IOException {
    AlertPayload payload;
    try {
      payload = AlertPayload.parse(Json.MAPPER.readValue(req.getInputStream(), Object.class));
    } catch (JacksonException e) {
      write(res, 400, error("invalid_argument", TypeWords.problem(e, "field")));
      return;
    } catch (IllegalArgumentException e) {
      write(res, 400, error("invalid_argument", e.getMessage()));
      return;
    }
    try {
      AlertIntake.Outcome o =
          intake.receive(
              caller.tenant(), source, payload, "true".equals(req.getParameter("auto_resolve")));
      write(res, 200, o);
    } catch (ToolFailure e) {
      // e.g. a status move refused by a concurrent update: the events are recorded; say so, 2xx
      LOG.info("alert group {} for {}: {}", payload.groupKey(), caller.tenant(), e.getMessage());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("note", e.getMessage());
      write(res, 200, body);
    } catch (RuntimeException e) { // the database failed or is out of connections: retry later
      LOG.warn("alert group {} for {} not recorded", payload.groupKey(), caller.tenant(), e);
      unavailable(res, "the alert could not be recorded now");
    }
  }

  private static void unavailable(HttpServletResponse res, String why) throws IOException {
    res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    write(
        res,
        503,
        error(
            "unavailable", why + "; retry after " + RETRY_AFTER_SECONDS + " s (nothing was lost)"));
  }

  private static Map<String, Object> error(String code, String message) {
    return Map.of("error", Map.of("code", code, "message", message));
  }

  private static void write(HttpServletResponse res, int status, Object body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(Json.write(body));
  }
}
