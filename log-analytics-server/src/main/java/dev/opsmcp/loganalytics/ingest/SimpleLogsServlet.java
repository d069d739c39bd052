package dev.opsmcp.loganalytics.ingest;

import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestRequest;
import dev.opsmcp.common.ingest.IngestSlots;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.TypeWords;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/logs} for scripts and curl: a JSON array or JSON lines of {@code {ts,
 * service, level, message, attributes?}}, parsed as it streams in (one record's tree at a time).
 * The batch is stored whole, or refused whole naming the first bad record, in the one error shape
 * {@code {"error":{"code","message"}}}.
 */
public final class SimpleLogsServlet extends HttpServlet {
  private static final Set<String> FIELDS =
      Set.of("ts", "service", "level", "message", "attributes");
  private static final int MAX_ATTRIBUTE_DEPTH = 32;
  private static final BigDecimal LATEST_MILLIS =
      BigDecimal.valueOf(LogEntry.LATEST.toEpochMilli() + 1);

  private final transient LogIngest ingest;

  public SimpleLogsServlet(LogIngest ingest) {
    this.ingest = ingest;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      String tenant = LogIngest.tenant(req);
      int accepted;
      try (IngestSlots.Slot slot = ingest.slot()) {
        IngestBody body = ingest.open(req);
        List<LogEntry> entries;
        try {
          entries = parse(body);
        } catch (MalformedBatch e) {
          throw LogIngest.refusal(body, e);
        }
        ingest.store(tenant, entries);
        accepted = entries.size();
      }
      IngestRequest.json(res, 200, Map.of("accepted", accepted));
    } catch (IngestRefused e) {
      IngestRequest.refuse(res, e);
    }
  }

  static List<LogEntry> parse(InputStream body) throws MalformedBatch {
    List<LogEntry> entries = new ArrayList<>();
    String where = "body";
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
          where = "record " + i;
          entries.add(entry(p.readValueAsTree(), where));
        }
        where = "the end of the array";
        if (p.nextToken() != null) {
          throw new MalformedBatch("there is more after the array: send one JSON array");
        }
      } else {
        for (JsonToken t = first; t != null; t = p.nextToken()) {
          where = "line " + p.currentTokenLocation().getLineNr();
          entries.add(entry(p.readValueAsTree(), where));
        }
      }
    } catch (JacksonException e) {
      throw new MalformedBatch(
          where
              + " is not valid JSON: "
              + TypeWords.problem(e, "field")
              + " (send a JSON array or one JSON object per line)");
    }
    return entries;
  }

  private static LogEntry entry(JsonNode node, String where) throws MalformedBatch {
    if (node == null || !node.isObject()) {
      throw new MalformedBatch(where + " is not a JSON object {ts, service, level, message}");
    }
    for (String name : node.propertyNames()) {
      if (!FIELDS.contains(name)) {
        throw new MalformedBatch(
            where
                + " has unknown field "
                + Echo.of(name)
                + "; allowed: ts, service, level, message, attributes");
      }
    }
    String service = text(node, "service", where).strip();
    if (service.isEmpty() || service.length() > OtlpMapping.MAX_SERVICE_LENGTH) {
      throw new MalformedBatch(where + ": service must be 1-200 characters");
    }
    String level = text(node, "level", where).strip().toUpperCase(Locale.ROOT);
    if (level.length() > LogText.MAX_LEVEL_CHARS) {
      throw new MalformedBatch(
          where
              + ": level has "
              + level.length()
              + " characters; send TRACE, DEBUG, INFO, WARN, ERROR or FATAL (or a label of at"
              + " most "
              + LogText.MAX_LEVEL_CHARS
              + ")");
    }
    String message = text(node, "message", where);
    String attributes = attributes(node.get("attributes"), where);
    return new LogEntry(
        service,
        timestamp(node.get("ts"), where),
        Levels.number(level),
        Levels.known(level)
            ? Levels.name(Levels.number(level))
            : level.isEmpty() ? "UNSPECIFIED" : level,
        message,
        attributes,
        null,
        null);
  }

  private static String text(JsonNode node, String field, String where) throws MalformedBatch {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new MalformedBatch(where + ": '" + field + "' is missing or not a string");
    }
    String problem = LogText.problem(field, value.asString());
    if (problem != null) {
      throw new MalformedBatch(where + ": " + problem);
    }
    return value.asString();
  }

  private static String attributes(JsonNode attributes, String where) throws MalformedBatch {
    if (attributes == null || attributes.isNull()) {
      return null;
    }
    if (!attributes.isObject()) {
      throw new MalformedBatch(where + ": attributes must be a JSON object");
    }
    if (attributes.isEmpty()) {
      return null;
    }
    String problem = attributeProblem(attributes, 1);
    if (problem != null) {
      throw new MalformedBatch(where + ": attributes " + problem);
    }
    return Json.write(attributes);
  }

  /** Too deep to return in a page, or text that cannot be stored; null if fine. */
  private static String attributeProblem(JsonNode node, int depth) {
    if (depth > MAX_ATTRIBUTE_DEPTH) {
      return "are nested deeper than " + MAX_ATTRIBUTE_DEPTH + " levels";
    }
    if (node.isString()) {
      return LogText.problem("a value", node.asString());
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        String problem = attributeProblem(element, depth + 1);
        if (problem != null) {
          return problem;
        }
      }
    }
    for (var field : node.properties()) {
      String problem = LogText.problem("a key", field.getKey());
      if (problem == null) {
        problem = attributeProblem(field.getValue(), depth + 1);
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static Instant timestamp(JsonNode ts, String where) throws MalformedBatch {
    String range =
        ": send epoch milliseconds from 0 to "
            + LogEntry.LATEST.toEpochMilli()
            + ", or RFC 3339 from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z";
    if (ts != null && ts.isNumber()) {
      BigDecimal millis =
          ts.isFloatingPointNumber() && !Double.isFinite(ts.doubleValue())
              ? null
              : ts.decimalValue();
      if (millis == null || millis.signum() < 0 || millis.compareTo(LATEST_MILLIS) >= 0) {
        throw new MalformedBatch(where + ": 'ts' " + Echo.of(ts) + " is out of range" + range);
      }
      long whole = millis.longValue();
      long nanos = millis.subtract(BigDecimal.valueOf(whole)).movePointRight(6).longValue();
      return Instant.ofEpochMilli(whole).plusNanos(nanos);
    }
    if (ts == null || !ts.isString()) {
      throw new MalformedBatch(
          where + ": 'ts' is missing or neither a number nor a string" + range);
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(ts.asString()).toInstant();
    } catch (DateTimeParseException e) {
      throw new MalformedBatch(
          where + ": 'ts' " + Echo.of(ts.asString()) + " is not RFC 3339 (2025-01-31T12:00:00Z)");
    }
    if (instant.isBefore(LogEntry.EARLIEST)
        || instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS).isAfter(LogEntry.LATEST)) {
      throw new MalformedBatch(
          where + ": 'ts' " + Echo.of(ts.asString()) + " is out of range" + range);
    }
    return instant;
  }
}
