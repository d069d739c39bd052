package dev.opsmcp.orchestration.alert;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.rest.ErrorBody;
import dev.opsmcp.common.rest.RestCall;
import dev.opsmcp.common.rest.Route;
import dev.opsmcp.common.rest.RouteTable;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.orchestration.incident.Incidents;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert intake: {@code POST /alerts/alertmanager} (Alertmanager webhook, version 4) and {@code
 * /alerts/grafana} (Grafana alerting's webhook), scope {@code alerts:write}, tenant from the
 * credential. {@code ?auto_resolve=true} resolves the incident when its group resolves. Answers 2xx
 * to a delivery already recorded, 4xx only to a bad payload (naming the field) or credential, never
 * 429 (Alertmanager drops a 4xx delivery; the server mounts {@link #PATH_SPEC} as intake, exempt
 * from the rate limit): when {@code concurrency} deliveries are already being handled, or the
 * database fails, it answers 503 with {@code Retry-After}, which Alertmanager retries.
 */
public final class AlertRoutes {
  /** Where intake is mounted, under the API's base path, exempt from the rate limit. */
  public static final String PATH_SPEC = "/api/v1/alerts/*";

  private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);

  private final AlertIntake intake;
  private final Semaphore slots;

  private AlertRoutes(Incidents incidents, String serviceLabel, int concurrency) {
    this.intake = new AlertIntake(incidents, serviceLabel);
    this.slots = new Semaphore(concurrency);
  }

  public static void addTo(
      RouteTable.Builder routes, Incidents incidents, String serviceLabel, int concurrency) {
    AlertRoutes alerts = new AlertRoutes(incidents, serviceLabel, concurrency);
    routes.add(
        Route.postOwnBody("/alerts/alertmanager", call -> alerts.receive(call, "alertmanager"))
            .scopes(Scope.ALERTS_WRITE)
            .summary(
                "Alertmanager webhook (version 4): a firing group opens or joins an incident, each"
                    + " alert is a timeline event, a replay changes nothing; ?auto_resolve=true"
                    + " resolves the incident when the group resolves. 503 with Retry-After when"
                    + " busy."));
    routes.add(
        Route.postOwnBody("/alerts/grafana", call -> alerts.receive(call, "grafana"))
            .scopes(Scope.ALERTS_WRITE)
            .summary(
                "Grafana alerting webhook, handled like the Alertmanager one (?auto_resolve=true"
                    + " too)."));
  }

  private Object receive(RestCall call, String source) throws ToolFailure {
    boolean admitted;
    try {
      admitted = slots.tryAcquire(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      throw unavailable("alert intake is busy");
    }
    try {
      return handle(call, source);
    } finally {
      slots.release();
    }
  }

  private Object handle(RestCall call, String source) throws ToolFailure {
    AlertPayload payload;
    try {
      payload = AlertPayload.parse(call.jsonBody());
    } catch (IllegalArgumentException e) {
      throw new ToolFailure(e.getMessage());
    }
    String tenant = call.caller().tenant();
    try {
      return intake.receive(tenant, source, payload, "true".equals(call.query("auto_resolve")));
    } catch (ToolFailure e) {
      // e.g. a status move refused by a concurrent update: the events are recorded; say so, 2xx
      LOG.info("alert group {} for {}: {}", payload.groupKey(), tenant, e.getMessage());
      return Map.of("note", e.getMessage());
    } catch (RuntimeException e) { // the database failed or is out of connections: retry later
      LOG.warn("alert group {} for {} not recorded", payload.groupKey(), tenant, e);
      throw unavailable("the alert could not be recorded now");
    }
  }

  private static ToolFailure unavailable(String why) {
    return new ToolFailure(
        ToolFailure.Kind.UNAVAILABLE,
        why + "; retry after " + ErrorBody.RETRY_AFTER_SECONDS + " s (nothing was lost)");
  }
}
