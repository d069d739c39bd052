package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.loganalytics.ingest.Levels;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Returns a bounded page of raw logs, the total, a cursor, and the whole match set as a file. */
public final class GetRawLogsTool implements Tool<GetRawLogsTool.Input> {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;
  static final Duration INCIDENT_LEAD = Duration.ofMinutes(15);

  record Input(
      @Param(
              value =
                  "Incident id: its services and time window (from 15 minutes before it started"
                      + " until resolved or now) unless given explicitly",
              optional = true)
          Long incident_id,
      @Param(value = "Window back from now: 15m, 2h, 1d (default 15m)", optional = true)
          String timeframe,
      @Param(value = "Window start, RFC 3339 (instead of timeframe)", optional = true) String start,
      @Param(value = "Window end, RFC 3339 (default now)", optional = true) String end,
      @Param(value = "Service name, or several separated by commas", optional = true)
          String service_filter,
      @Param(value = "Minimum level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL", optional = true)
          String level,
      @Param(value = "Case-insensitive substring of the message", optional = true) String contains,
      @Param(value = "Entries per page, default 100, max 1000", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor) {}

  record Entry(
      String ts,
      String service,
      String level,
      String message,
      Object attributes,
      String trace_id,
      String span_id,
      Boolean shortened) {}

  record Output(
      List<Entry> entries,
      long total,
      boolean truncated,
      String next_cursor,
      String log_data_path,
      long log_data_entries,
      boolean log_data_truncated,
      String window_start,
      String window_end) {}

  private final LogStore store;
  private final LogDataFiles files;
  private final IncidentStore incidents;
  private final long dataCap;
  private final int lineMax;

  public GetRawLogsTool(
      dev.opsmcp.common.db.Database db, Workspaces workspaces, long dataCap, int lineMax) {
    this.store = new LogStore(db);
    this.files = new LogDataFiles(workspaces, store);
    this.incidents = new IncidentStore(db);
    this.dataCap = dataCap;
    this.lineMax = lineMax;
  }

  @Override
  public String name() {
    return "get_raw_logs";
  }

  @Override
  public String description() {
    return "Raw log records, oldest first, for a window (timeframe like 15m/2h/1d, or start/end,"
        + " or an incident's window and services), filtered by service, minimum level and"
        + " message substring. Returns one bounded page (long messages shortened), the total"
        + " match count, next_cursor for the next page, and log_data_path: every match (up to "
        + dataCap
        + ") as a JSON file in your analysis workspace, to pass to execute_analysis_script.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    // Reads logs, but writes a new log data file into the caller's workspace on each first page.
    return Hints.WRITE;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.LOGS_READ);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    ctx.caller().require(Scope.LOGS_READ);
    String tenant = ctx.caller().tenant();
    int limit = in.limit() == null ? DEFAULT_LIMIT : in.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ToolFailure("limit must be 1 to " + MAX_LIMIT + "; page with next_cursor");
    }
    Incident incident = null;
    if (in.incident_id() != null) {
      incident =
          incidents
              .find(tenant, in.incident_id())
              .orElseThrow(
                  () ->
                      new ToolFailure(
                          "incident "
                              + in.incident_id()
                              + " not found; check the id, or leave incident_id out and give a"
                              + " timeframe"));
    }
    List<String> services = services(in.service_filter(), incident);
    int minSeverity = minSeverity(in.level());
    String contains = in.contains() == null || in.contains().isEmpty() ? null : in.contains();
    String filters = Json.write(List.of(services, minSeverity, String.valueOf(contains)));

    PageCursor cursor = in.cursor() == null ? null : PageCursor.decode(in.cursor());
    if (cursor != null && !cursor.filters().equals(filters)) {
      throw new ToolFailure(
          "cursor belongs to a query with other filters: repeat the same service_filter, level"
              + " and contains, or leave cursor out to start a new query");
    }
    TimeWindow window =
        cursor != null ? new TimeWindow(cursor.start(), cursor.end()) : window(in, incident);
    LogQuery q =
        new LogQuery(tenant, window.start(), window.end(), services, minSeverity, contains);

    long total = store.count(q);
    String dataPath;
    long dataEntries;
    if (cursor == null) {
      LogDataFiles.Written written = files.write(q, dataCap);
      dataPath = written.handle();
      dataEntries = written.entries();
    } else {
      dataPath = cursor.dataPath();
      dataEntries = cursor.dataEntries();
    }
    LogStore.Position after =
        cursor == null ? null : new LogStore.Position(cursor.afterTs(), cursor.afterId());
    List<StoredLog> rows = store.page(q, after, limit + 1);
    boolean more = rows.size() > limit;
    if (more) {
      rows = rows.subList(0, limit);
    }
    String next = null;
    if (more) {
      StoredLog last = rows.get(rows.size() - 1);
      next =
          new PageCursor(
                  window.start(),
                  window.end(),
                  last.ts(),
                  last.id(),
                  filters,
                  dataPath,
                  dataEntries,
                  dataEntries < total)
              .encode();
    }
    List<Entry> entries = new ArrayList<>(rows.size());
    for (StoredLog r : rows) {
      entries.add(entry(r));
    }
    return new Output(
        entries,
        total,
        more,
        next,
        dataPath,
        dataEntries,
        dataEntries < total,
        window.start().toString(),
        window.end().toString());
  }

  private Entry entry(StoredLog r) {
    String message = r.body();
    boolean shortened = false;
    if (message.length() > lineMax) {
      message =
          message.substring(0, lineMax)
              + "… [shortened: "
              + (message.length() - lineMax)
              + " more characters; the log data file has the full line]";
      shortened = true;
    }
    Object attributes = Map.of();
    if (r.attributes() != null) {
      if (r.attributes().length() > lineMax) {
        attributes = r.attributes().substring(0, lineMax) + "… [shortened]";
        shortened = true;
      } else {
        attributes = Json.MAPPER.readTree(r.attributes());
      }
    }
    return new Entry(
        r.ts().toString(),
        r.service(),
        r.level(),
        message,
        attributes,
        r.traceId(),
        r.spanId(),
        shortened ? Boolean.TRUE : null);
  }

  private static List<String> services(String filter, Incident incident) {
    if (filter != null && !filter.isBlank()) {
      return Arrays.stream(filter.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .distinct()
          .sorted()
          .toList();
    }
    return incident == null ? List.of() : incident.services();
  }

  private static int minSeverity(String level) throws ToolFailure {
    if (level == null || level.isBlank()) {
      return 0;
    }
    if (!Levels.known(level)) {
      throw new ToolFailure(
          "level '" + level + "' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }
    return Levels.number(level);
  }

  private static TimeWindow window(Input in, Incident incident) throws ToolFailure {
    Instant now = Instant.now();
    if (in.timeframe() != null && (in.start() != null || in.end() != null)) {
      throw new ToolFailure("give either timeframe or start/end, not both");
    }
    if (in.timeframe() != null) {
      return new TimeWindow(now.minus(TimeWindow.timeframe(in.timeframe())), now);
    }
    if (in.start() != null || in.end() != null) {
      Instant end = in.end() == null ? now : TimeWindow.instant("end", in.end());
      Instant start =
          in.start() == null
              ? end.minus(TimeWindow.DEFAULT)
              : TimeWindow.instant("start", in.start());
      if (!start.isBefore(end)) {
        throw new ToolFailure("start must be before end");
      }
      return new TimeWindow(start, end);
    }
    if (incident != null) {
      Instant start = incident.startedAt().toInstant().minus(INCIDENT_LEAD);
      Instant end = incident.resolvedAt() == null ? now : incident.resolvedAt().toInstant();
      return new TimeWindow(start, end.isAfter(start) ? end : now);
    }
    return new TimeWindow(now.minus(TimeWindow.DEFAULT), now);
  }
}
