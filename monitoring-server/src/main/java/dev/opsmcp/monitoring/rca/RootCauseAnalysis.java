package dev.opsmcp.monitoring.rca;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.tool.Json;
import dev.opsmcp.common.tool.TimeWindow;
import dev.opsmcp.monitoring.catalog.Catalog;
import dev.opsmcp.monitoring.catalog.ChangeEvent;
import dev.opsmcp.monitoring.catalog.Changes;
import dev.opsmcp.monitoring.metrics.MetricSource;
import dev.opsmcp.monitoring.metrics.Series;
import dev.opsmcp.monitoring.metrics.ServiceReads;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the analysis: reads every series of every service over the baseline and the window from the
 * {@link MetricSource} plus error-log counts, finds departures, ranks, and stores the result.
 */
public final class RootCauseAnalysis {
  static final String LOG_ERRORS = "log.error_lines";
  static final int MAX_SERVICES = 200;
  static final int MAX_SERIES_PER_SERVICE = 300;

  private final Database db;
  private final MetricSource source;
  private final Catalog catalog;
  private final Changes changes;
  private final LogErrorCounts logs;

  public RootCauseAnalysis(Database db, MetricSource source, Catalog catalog, Changes changes) {
    this.db = db;
    this.source = source;
    this.catalog = catalog;
    this.changes = changes;
    this.logs = new LogErrorCounts(db);
  }

  public RcaResult analyse(
      String tenant, Set<String> symptoms, TimeWindow window, Long incidentId) {
    AnalysisSpan span = AnalysisSpan.of(window);
    Duration step = span.step();
    Instant end = span.end();
    Instant start = span.start();
    Instant from = span.from();
    int baselineSteps = span.baselineSteps();
    Set<String> services = new TreeSet<>(source.services(tenant, from, end, MAX_SERVICES + 1));
    Map<String, double[]> errors = logs.read(tenant, from, end, step);
    services.addAll(errors.keySet());
    boolean truncated = services.size() > MAX_SERVICES;
    List<ServiceSignals> signals = new ArrayList<>();
    int seriesChecked = 0;
    List<String> analysed = services.stream().limit(MAX_SERVICES).toList();
    List<List<Series>> read =
        ServiceReads.read(source, tenant, analysed, from, end, step, MAX_SERIES_PER_SERVICE);
    for (int i = 0; i < analysed.size(); i++) {
      String service = analysed.get(i);
      List<SeriesDeparture> found = new ArrayList<>();
      List<Series> series = new ArrayList<>(read.get(i));
      double[] errorCounts = errors.get(service);
      if (errorCounts != null) {
        series.add(new Series(service, LOG_ERRORS, "{}", "DELTA", "", from, step, errorCounts));
      }
      for (Series s : series) {
        seriesChecked++;
        Departure d = Departure.detect(s.values(), baselineSteps);
        if (d.departed() || d.chronic()) {
          found.add(
              new SeriesDeparture(
                  s.name(),
                  s.labels(),
                  d.onset() >= 0 ? s.at(d.onset()) : null,
                  d.z(),
                  d.median(),
                  !d.departed()));
        }
      }
      found.removeIf(f -> !f.chronic() && f.onset() == null);
      signals.add(new ServiceSignals(service, found, series.size()));
    }
    Map<String, List<String>> edges = catalog.edges(tenant);
    List<ChangeEvent> recent = changes.list(tenant, null, from, end, 2_000);
    List<Candidate> candidates = Ranker.rank(signals, edges, recent, symptoms, step);
    List<String> notes = new ArrayList<>();
    if (edges.isEmpty()) {
      notes.add(
          "No dependencies in the service catalog: dependencies were inferred from onset order"
              + " only (earlier departures rank first). Declare depends_on with PUT"
              + " /api/v1/services/{name} for a sharper answer.");
    }
    List<String> chronic =
        signals.stream()
            .filter(s -> !s.anomalous() && s.series().stream().anyMatch(SeriesDeparture::chronic))
            .map(ServiceSignals::service)
            .toList();
    if (!chronic.isEmpty()) {
      notes.add(
          "Chronically noisy throughout the baseline, so not promoted: "
              + String.join(", ", chronic.stream().limit(20).toList()));
    }
    String summary =
        candidates.isEmpty()
            ? "Nothing stands out: no service's metrics or error logs departed from their own"
                + " baseline between "
                + start
                + " and "
                + window.end()
                + " ("
                + signals.size()
                + " services, "
                + seriesChecked
                + " series checked)."
            : "Most likely cause: " + candidates.get(0).summary();
    RcaResult result =
        new RcaResult(
            0,
            candidates,
            summary,
            notes,
            start,
            window.end(),
            from,
            signals.size(),
            seriesChecked,
            truncated);
    long id = store(tenant, incidentId, symptoms, result);
    return new RcaResult(
        id,
        candidates,
        summary,
        notes,
        start,
        window.end(),
        from,
        signals.size(),
        seriesChecked,
        truncated);
  }

  private long store(String tenant, Long incidentId, Set<String> symptoms, RcaResult result) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO rca_result (tenant_id, incident_id, service, result, created_at)
                        VALUES (:t, :i, :s, :r, :now)
                        """)
                    .bind("t", tenant)
                    .bind("i", incidentId)
                    .bind(
                        "s",
                        symptoms.isEmpty() ? null : String.join(",", new LinkedHashSet<>(symptoms)))
                    .bind("r", Json.write(result))
                    .bind("now", Instant.now().atOffset(ZoneOffset.UTC))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }
}
