package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.config.Env;
import dev.opsmcp.common.ingest.IngestSlots;
import java.time.Duration;

/**
 * Metric ingest (bodies at once: OPSMCP_INGEST_CONCURRENCY), retention and health-probe settings,
 * read once from the environment.
 */
public record MetricSettings(
    int maxSeriesPerService,
    int maxBatch,
    long maxBodyBytes,
    Duration retention,
    Duration healthTimeout,
    int ingestConcurrency) {
  public static MetricSettings fromEnv(Env env) {
    return new MetricSettings(
        env.integer("OPSMCP_METRIC_MAX_SERIES_PER_SERVICE", 2000, 1, 1_000_000),
        env.integer("OPSMCP_INGEST_MAX_BATCH", 50_000, 1, 10_000_000),
        env.integer("OPSMCP_INGEST_MAX_DECOMPRESSED_MB", 64, 1, 4096) * 1024L * 1024L,
        Duration.ofDays(env.integer("OPSMCP_METRIC_RETENTION_DAYS", 7, 1, 3650)),
        Duration.ofMillis(env.integer("OPSMCP_HEALTH_TIMEOUT_MS", 3000, 100, 60_000)),
        IngestSlots.concurrency(env));
  }
}
