package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.telemetry.LogQuery;
import dev.opsmcp.common.telemetry.LogStore;
import dev.opsmcp.common.telemetry.StoredLog;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.loganalytics.ingest.AttributesJson;
import dev.opsmcp.loganalytics.sandbox.WorkspaceQuota;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.util.RawValue;

/**
 * Writes a query's whole match set (up to a cap of entries, and within the tenant's workspace
 * quota) into the tenant's workspace as a JSON array with one record per line, so scripts can
 * {@code json.load} it or read it line by line.
 */
final class LogDataFiles {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  record Written(String handle, long entries) {}

  private static final String NARROWER =
      "Or export less: a shorter window, service_filter, level or contains.";

  private final Workspaces workspaces;
  private final WorkspaceQuota quota;
  private final LogStore store;

  LogDataFiles(Workspaces workspaces, WorkspaceQuota quota, LogStore store) {
    this.workspaces = workspaces;
    this.quota = quota;
    this.store = store;
  }

  /** Thrown from inside the row stream to stop it when the quota is reached. */
  private static final class OverQuota extends RuntimeException {
    OverQuota() {
      super(null, null, false, false);
    }
  }

  Written write(LogQuery q, long cap) throws ToolFailure {
    String what = "this export";
    long room = quota.room(q.tenant(), 1, what, NARROWER);
    Path dir = workspaces.tenantDir(q.tenant()).resolve("logs");
    String name =
        "logs-"
            + NAME.format(java.time.Instant.now())
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + ".json";
    Path file = dir.resolve(name);
    Path tmp = dir.resolve("." + name + ".tmp");
    long[] count = {0};
    long[] bytes = {4};
    boolean[] over = {false};
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write("[");
      store.stream(
          q,
          cap,
          r -> {
            String line = line(count[0] == 0 ? "\n" : ",\n", r);
            bytes[0] += line.getBytes(StandardCharsets.UTF_8).length;
            if (bytes[0] > room) {
              over[0] = true;
              throw new OverQuota();
            }
            try {
              out.write(line);
              count[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.write("\n]\n");
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      if (over[0]) {
        throw quota.full(q.tenant(), what, NARROWER);
      }
      throw e instanceof IOException io
          ? new UncheckedIOException("cannot write " + file, io)
          : (RuntimeException) e;
    }
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new Written(workspaces.handle(q.tenant(), file), count[0]);
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // a leftover temp file is cleaned by retention
    }
  }

  /**
   * {@code prefix} and one record as {@link #record} reads in JSON (the same text Jackson writes
   * for it), written directly: an export writes up to a million of them.
   */
  static String line(String prefix, StoredLog r) {
    StringBuilder sb = new StringBuilder(prefix.length() + 160 + r.body().length());
    sb.append(prefix).append("{\"ts\":");
    AttributesJson.string(sb, r.ts().toString());
    sb.append(",\"service\":");
    AttributesJson.string(sb, r.service());
    sb.append(",\"level\":");
    AttributesJson.string(sb, r.level());
    sb.append(",\"message\":");
    AttributesJson.string(sb, r.body());
    sb.append(",\"attributes\":").append(r.attributes() == null ? "{}" : r.attributes());
    sb.append(",\"trace_id\":");
    nullable(sb, r.traceId());
    sb.append(",\"span_id\":");
    nullable(sb, r.spanId());
    return sb.append('}').toString();
  }

  private static void nullable(StringBuilder sb, String value) {
    if (value == null) {
      sb.append("null");
    } else {
      AttributesJson.string(sb, value);
    }
  }

  /** One record as scripts see it: full message, attributes as an object. */
  static Map<String, Object> record(StoredLog r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", r.ts().toString());
    m.put("service", r.service());
    m.put("level", r.level());
    m.put("message", r.body());
    // Stored attributes are JSON written by ingest: copied as they are, not parsed again.
    m.put("attributes", r.attributes() == null ? Map.of() : new RawValue(r.attributes()));
    m.put("trace_id", r.traceId());
    m.put("span_id", r.spanId());
    return m;
  }
}
