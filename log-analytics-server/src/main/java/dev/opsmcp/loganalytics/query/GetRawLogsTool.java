package dev.opsmcp.loganalytics.query;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.db.StoredText;
import dev.opsmcp.common.incident.Incident;
import dev.opsmcp.common.incident.IncidentStore;
import dev.opsmcp.common.paging.Cursor;
import dev.opsmcp.common.paging.Cursors;
import dev.opsmcp.common.paging.Limit;
import dev.opsmcp.common.paging.SizeBudget;
import dev.opsmcp.common.telemetry.LogQuery;
import dev.opsmcp.common.telemetry.LogStore;
import dev.opsmcp.common.telemetry.StoredLog;
import dev.opsmcp.common.tool.Echo;
import dev.opsmcp.common.tool.Hints;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.Param;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.common.tool.Tool;
import dev.opsmcp.common.tool.ToolContext;
import dev.opsmcp.common.tool.ToolFailure;
import dev.opsmcp.loganalytics.ingest.Levels;
import dev.opsmcp.loganalytics.sandbox.WorkspaceQuota;
import dev.opsmcp.loganalytics.sandbox.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Returns a bounded page of raw logs, the total and a cursor; on request, the whole match set as a
 * file in the tenant's analysis workspace.
 */
public final class GetRawLogsTool implements Tool<GetRawLogsTool.Input> {
  static final Limit LIMIT = new Limit(100, 1_000);
  static final Duration DEFAULT_TIMEFRAME = Duration.ofMinutes(15);
  static final Duration INCIDENT_LEAD = Duration.ofMinutes(15);

  record Input(
      @Param(
              value =
                  "Incident id or reference (17 or INC-42): its services and time window (from 15"
                      + " minutes before it started until resolved or now) unless given explicitly",
              optional = true)
          String incident_id,
      @Param(value = "Window back from now: 15m, 2h, 1d (default 15m)", optional = true)
          String window,
      @Param(value = "Old name of window, still accepted", optional = true) String timeframe,
      @Param(value = "Window start, RFC 3339 (instead of window)", optional = true) String start,
      @Param(value = "Window end, RFC 3339 (default now)", optional = true) String end,
      @Param(value = "Service name, or several separated by commas", optional = true)
          String service_filter,
      @Param(value = "Minimum level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL", optional = true)
          String level,
      @Param(value = "Case-insensitive substring of the message", optional = true) String contains,
      @Param(value = "Entries per page, default 100, max 1000", optional = true) Integer limit,
      @Param(value = "next_cursor of the previous page", optional = true) String cursor,
      @Param(
              value =
                  "true on a first page: also write every match as a JSON file in your analysis"
                      + " workspace (log_data_path, for execute_analysis_script)",
              optional = true)
          Boolean export) {}

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
      String window_end,
      String note) {}

  private final LogStore store;
  private final LogDataFiles files;
  private final IncidentStore incidents;
  private final Cursors cursors;
  private final long dataCap;
  private final int lineMax;
  private final Clock clock;

  public GetRawLogsTool(
      dev.opsmcp.common.db.Database db,
      Cursors cursors,
      Workspaces workspaces,
      WorkspaceQuota quota,
      long dataCap,
      int lineMax,
      Clock clock) {
    this.clock = clock;
    this.store = new LogStore(db);
    this.files = new LogDataFiles(workspaces, quota, store);
    this.incidents = new IncidentStore(db);
    this.cursors = cursors;
    this.dataCap = dataCap;
    this.lineMax = lineMax;
  }

  @Override
  public String name() {
    return "get_raw_logs";
  }

  @Override
  public String description() {
    return "Raw log records, oldest first, for a window (window like 15m/2h/1d, or start/end,"
        + " or an incident's window and services, incident_id 17 or INC-42), filtered by service, minimum level and"
        + " message substring. Returns one bounded page (long messages shortened; cut short, with a"
        + " note, when the entries would pass about 24,000 characters), the total"
        + " match count and next_cursor for the next page. With export: true, also"
        + " log_data_path: every match (up to "
        + dataCap
        + ") as a JSON file in your analysis workspace, to pass to execute_analysis_script"
        + " (counts against the workspace's byte cap; delete_workspace_file frees space).";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public Hints hints() {
    // Reads logs; with export, writes a new log data file into the caller's workspace.
    return Hints.WRITE;
  }

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.LOGS_READ);
  }

  @Override
  public Output call(ToolContext ctx, Input in) throws ToolFailure {
    StoredText.require("service_filter", in.service_filter());
    StoredText.require("contains", in.contains());
    String tenant = ctx.caller().tenant();
    int limit = LIMIT.resolve(in.limit());
    Incident incident = incidents.resolveIfGiven(tenant, in.incident_id());
    List<String> services = services(in.service_filter(), incident);
    int minSeverity = minSeverity(in.level());
    String contains = in.contains() == null || in.contains().isEmpty() ? null : in.contains();
    Cursor<PagePosition> cursors =
        this.cursors.bind(
            tenant, name(), Arrays.asList(services, minSeverity, contains), PagePosition.class);
    PagePosition cursor = cursors.read(in.cursor());
    if (cursor != null && !cursor.complete()) {
      throw new ToolFailure(
          "cursor is not valid: pass next_cursor exactly as a previous get_raw_logs call returned"
              + " it, or leave it out to start from the beginning");
    }
    TimeWindow window =
        cursor != null ? new TimeWindow(cursor.start(), cursor.end()) : window(in, incident);
    LogQuery q =
        new LogQuery(tenant, window.start(), window.end(), services, minSeverity, contains);

    String dataPath = null;
    long dataEntries = 0;
    Long exported = null;
    if (cursor != null) {
      dataPath = cursor.dataPath();
      dataEntries = cursor.dataEntries();
    } else if (Boolean.TRUE.equals(in.export())) {
      LogDataFiles.Written written = files.write(q, dataCap);
      dataPath = written.handle();
      dataEntries = written.entries();
      if (dataEntries < dataCap) {
        exported = dataEntries; // the export read every match: no second pass to count them
      }
    }
    long total = exported != null ? exported : store.count(q);
    boolean dataTruncated = dataPath != null && dataEntries < total;
    LogStore.Position after =
        cursor == null ? null : new LogStore.Position(cursor.afterTs(), cursor.afterId());
    List<StoredLog> rows = store.page(q, after, limit + 1);
    boolean more = rows.size() > limit;
    if (more) {
      rows = rows.subList(0, limit);
    }
    List<Entry> entries = new ArrayList<>(rows.size());
    for (StoredLog r : rows) {
      entries.add(entry(r));
    }
    String note = null;
    int fit = SizeBudget.fit(entries, SizeBudget.DEFAULT_CHARS);
    if (fit < entries.size()) {
      entries = entries.subList(0, fit);
      rows = rows.subList(0, fit);
      more = true;
      note = SizeBudget.note(fit, limit);
    }
    String next = null;
    if (more) {
      StoredLog last = rows.get(rows.size() - 1);
      next =
          cursors.write(
              new PagePosition(
                  window.start(),
                  window.end(),
                  last.ts(),
                  last.id(),
                  dataPath,
                  dataEntries,
                  dataTruncated));
    }
    return new Output(
        entries,
        total,
        more,
        next,
        dataPath,
        dataEntries,
        dataTruncated,
        window.start().toString(),
        window.end().toString(),
        note);
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
        attributes = attributes(r.attributes());
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

  /** Stored attributes as an object; as their text if they do not parse (never a failed page). */
  private static Object attributes(String stored) {
    try {
      return Json.MAPPER.readTree(stored);
    } catch (JacksonException e) {
      return stored;
    }
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
          "level " + Echo.of(level) + " is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
    }
    return Levels.number(level);
  }

  private TimeWindow window(Input in, Incident incident) throws ToolFailure {
    Instant now = clock.instant();
    if (in.window() == null && in.timeframe() != null) {
      TimeWindow.duration("timeframe", in.timeframe()); // a refusal names what was sent
    }
    return TimeWindow.of(
        TimeWindow.alias(in.window(), "timeframe", in.timeframe()),
        in.start(),
        in.end(),
        DEFAULT_TIMEFRAME,
        incident == null ? null : incident.span(INCIDENT_LEAD, now),
        now);
  }
}
