package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.tool.Json;
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
 * Writes a query's whole match set (up to a cap) into the tenant's workspace as a JSON array with
 * one record per line, so scripts can {@code json.load} it or read it line by line.
 */
final class LogDataFiles {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  record Written(String handle, long entries) {}

  private final Workspaces workspaces;
  private final LogStore store;

  LogDataFiles(Workspaces workspaces, LogStore store) {
    this.workspaces = workspaces;
    this.store = store;
  }

  Written write(LogQuery q, long cap) {
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
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write("[");
      store.stream(
          q,
          cap,
          r -> {
            try {
              out.write(count[0] == 0 ? "\n" : ",\n");
              out.write(Json.write(record(r)));
              count[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.write("\n]\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new Written(workspaces.handle(q.tenant(), file), count[0]);
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
