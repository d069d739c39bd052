package dev.opsmcp.common.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This server's own metrics, exposed in Prometheus text at {@code /metrics}: HTTP requests, tool
 * calls by tool and outcome, their latency, open MCP sessions, and JVM memory, threads and CPU.
 * Thread-safe.
 */
public final class Telemetry {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  // Timer.builder(...).register() builds and sorts the tags and looks the meter up on every call;
  // tag values are few (routes are first path segments), so the timers are kept.
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public Telemetry(String server) {
    registry.config().commonTags("server", server);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public void request(String route, int status, long nanos) {
    timers
        .computeIfAbsent(
            "r " + route + " " + status,
            k ->
                Timer.builder("opsmcp_http_requests")
                    .description("HTTP requests by route and status")
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void toolCall(String tool, String outcome, long nanos) {
    timers
        .computeIfAbsent(
            "t " + tool + " " + outcome,
            k ->
                Timer.builder("opsmcp_tool_calls")
                    .description(
                        "MCP tool calls by tool and outcome (ok, tool_error, internal_error)")
                    .tag("tool", tool)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void authFailure(String reason) {
    Counter.builder("opsmcp_auth_failures")
        .description("Rejected requests by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void gauge(String name, String description, String transport, Supplier<Number> value) {
    Gauge.builder(name, value)
        .description(description)
        .tag("transport", transport)
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
