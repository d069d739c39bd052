package dev.opsmcp.loganalytics.sandbox;

import dev.opsmcp.common.config.Env;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Limits and tools of the analysis sandbox, from {@code OPSMCP_BWRAP_PATH} and {@code
 * OPSMCP_ANALYSIS_*}. Validated on construction (a bad value names its variable).
 */
public record SandboxConfig(
    Path bwrap,
    Path python,
    Path prlimit,
    Path setpriv,
    Path unshare,
    Path mount,
    int defaultTimeoutSeconds,
    int maxTimeoutSeconds,
    long memoryBytes,
    int maxProcesses,
    long maxFileBytes,
    int maxOutFiles,
    long maxOutBytes,
    long maxOutputBytes,
    int shownStdoutChars,
    int shownStderrChars,
    long maxResultBytes,
    int concurrency,
    int perTenant,
    Duration queueWait,
    int uidBase) {

  public static SandboxConfig fromEnv(Env env) {
    int maxTimeout = env.integer("OPSMCP_ANALYSIS_MAX_TIMEOUT_SECONDS", 300, 1, 3600);
    int concurrency = env.integer("OPSMCP_ANALYSIS_CONCURRENCY", 4, 1, 256);
    return new SandboxConfig(
        Path.of(env.get("OPSMCP_BWRAP_PATH", "/usr/bin/bwrap")),
        Path.of(env.get("OPSMCP_ANALYSIS_PYTHON", "/usr/bin/python3")),
        Path.of("/usr/bin/prlimit"),
        Path.of("/usr/bin/setpriv"),
        installed("/usr/bin/unshare", "/bin/unshare"),
        installed("/usr/bin/mount", "/bin/mount"),
        env.integer("OPSMCP_ANALYSIS_TIMEOUT_SECONDS", 60, 1, maxTimeout),
        maxTimeout,
        env.integer("OPSMCP_ANALYSIS_MEMORY_MB", 2048, 64, 1 << 20) * 1024L * 1024L,
        env.integer("OPSMCP_ANALYSIS_MAX_PROCESSES", 32, 1, 4096),
        env.integer("OPSMCP_ANALYSIS_MAX_FILE_MB", 64, 1, 1 << 20) * 1024L * 1024L,
        env.integer("OPSMCP_ANALYSIS_MAX_OUT_FILES", 100, 1, 100_000),
        env.integer("OPSMCP_ANALYSIS_MAX_OUT_MB", 64, 1, 1 << 20) * 1024L * 1024L,
        env.integer("OPSMCP_ANALYSIS_MAX_OUTPUT_KB", 1024, 1, 1 << 20) * 1024L,
        8_000,
        4_000,
        env.integer("OPSMCP_ANALYSIS_RESULT_KB", 64, 1, 1 << 16) * 1024L,
        concurrency,
        env.integer("OPSMCP_ANALYSIS_PER_TENANT", Math.min(2, concurrency), 1, concurrency),
        Duration.ofSeconds(env.integer("OPSMCP_ANALYSIS_QUEUE_SECONDS", 60, 0, 3600)),
        env.integer("OPSMCP_ANALYSIS_UID_BASE", 200_000, 1_000, 2_000_000_000));
  }

  /** The first of {@code paths} that exists (the first when none does, to name it in errors). */
  private static Path installed(String... paths) {
    for (String p : paths) {
      if (java.nio.file.Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return Path.of(paths[0]);
  }
}
