package dev.opsmcp.monitoring.health;

/**
 * One GET of a catalog {@code health_url}: {@code outcome} is {@code ok} (2xx/3xx), {@code
 * http_error}, {@code timeout}, {@code refused} or {@code error}; latency in milliseconds.
 */
record ProbeResult(String url, String outcome, Integer status, long latencyMs, String detail) {}
