package dev.opsmcp.loganalytics;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import dev.opsmcp.loganalytics.sandbox.SandboxConfig;
import java.time.Duration;

/** The log-analytics server's own settings, beside the common ones. Validated on construction. */
record LogAnalyticsConfig(
    Duration retention,
    int maxBatch,
    long maxIngestBytes,
    int ingestConcurrency,
    long logDataCap,
    int lineMax,
    long workspaceMaxBytes,
    SandboxConfig sandbox) {

  static LogAnalyticsConfig fromEnv(Env env) {
    return new LogAnalyticsConfig(
        Duration.ofDays(env.integer("OPSMCP_LOG_RETENTION_DAYS", 7, 1, 36_500)),
        env.integer("OPSMCP_INGEST_MAX_BATCH", 50_000, 1, 10_000_000),
        env.integer("OPSMCP_INGEST_MAX_DECOMPRESSED_MB", 64, 1, 4096) * 1024L * 1024L,
        dev.opsmcp.common.ingest.IngestSlots.concurrency(env),
        env.integer("OPSMCP_LOG_DATA_MAX_ENTRIES", 1_000_000, 1, 100_000_000),
        env.integer("OPSMCP_LOG_LINE_MAX_CHARS", 2_000, 80, 1_000_000),
        bytes(env, "OPSMCP_WORKSPACE_MAX_BYTES", 1L << 30, 4_096),
        SandboxConfig.fromEnv(env));
  }

  private static long bytes(Env env, String name, long fallback, long min) {
    String raw = env.get(name).orElse(null);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.strip());
      if (value < min) {
        throw new ConfigException(name + "=" + raw + " is too small: use at least " + min);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + "=" + raw + " is not a whole number of bytes");
    }
  }
}
