package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.tool.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/logs} for scripts and curl: a JSON array or JSON lines of {@code {ts,
 * service, level, message, attributes?}}. The batch is stored whole, or refused whole naming the
 * first bad record.
 */
public final class SimpleLogsServlet extends HttpServlet {
  private static final Set<String> FIELDS =
      Set.of("ts", "service", "level", "message", "attributes");

  private final transient LogIngest ingest;

  public SimpleLogsServlet(LogIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      String tenant = LogIngest.tenant(req);
      String text = new String(ingest.body(req), StandardCharsets.UTF_8).strip();
      List<LogEntry> entries = parse(text);
      ingest.store(tenant, entries);
      LogIngest.json(res, 200, Map.of("accepted", entries.size()));
    } catch (MalformedBatch e) {
      LogIngest.json(res, 400, Map.of("error", e.getMessage() + "; nothing was stored"));
    } catch (LogIngest.Refused e) {
      LogIngest.json(res, e.status, Map.of("error", e.getMessage()));
    }
  }

  static List<LogEntry> parse(String text) throws MalformedBatch {
    List<LogEntry> entries = new ArrayList<>();
    if (text.startsWith("[")) {
      JsonNode array = read(text, "body");
      int i = 0;
      for (JsonNode node : array) {
        entries.add(entry(node, "record " + i++));
      }
    } else {
      String[] lines = text.split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          entries.add(entry(read(lines[i], "line " + (i + 1)), "line " + (i + 1)));
        }
      }
    }
    return entries;
  }

  private static JsonNode read(String text, String where) throws MalformedBatch {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new MalformedBatch(
          where
              + " is not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse("")
              + " (send a JSON array or one JSON object per line)");
    }
  }

  private static LogEntry entry(JsonNode node, String where) throws MalformedBatch {
    if (node == null || !node.isObject()) {
      throw new MalformedBatch(where + " is not a JSON object {ts, service, level, message}");
    }
    for (String name : node.propertyNames()) {
      if (!FIELDS.contains(name)) {
        throw new MalformedBatch(
            where
                + " has unknown field '"
                + name
                + "'; allowed: ts, service, level, message,"
                + " attributes");
      }
    }
    String service = text(node, "service", where);
    if (service.isBlank() || service.length() > OtlpMapping.MAX_SERVICE_LENGTH) {
      throw new MalformedBatch(where + ": service must be 1-200 characters");
    }
    String level = text(node, "level", where).strip().toUpperCase(java.util.Locale.ROOT);
    String message = text(node, "message", where);
    JsonNode attributes = node.get("attributes");
    if (attributes != null && !attributes.isNull() && !attributes.isObject()) {
      throw new MalformedBatch(where + ": attributes must be a JSON object");
    }
    return new LogEntry(
        service.strip(),
        timestamp(node.get("ts"), where),
        Levels.number(level),
        Levels.known(level)
            ? Levels.name(Levels.number(level))
            : level.isEmpty() ? "UNSPECIFIED" : level,
        message,
        attributes == null || attributes.isNull() || attributes.isEmpty()
            ? null
            : Json.write(attributes),
        null,
        null);
  }

  private static String text(JsonNode node, String field, String where) throws MalformedBatch {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new MalformedBatch(where + ": '" + field + "' is missing or not a string");
    }
    return value.asString();
  }

  private static Instant timestamp(JsonNode ts, String where) throws MalformedBatch {
    if (ts != null && ts.isNumber()) {
      return Instant.ofEpochMilli(ts.asLong());
    }
    if (ts == null || !ts.isString()) {
      throw new MalformedBatch(
          where + ": 'ts' is missing: send RFC 3339 (2025-01-31T12:00:00Z) or epoch milliseconds");
    }
    try {
      return OffsetDateTime.parse(ts.asString()).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedBatch(
          where + ": ts '" + ts.asString() + "' is not RFC 3339 (2025-01-31T12:00:00Z)");
    }
  }
}
