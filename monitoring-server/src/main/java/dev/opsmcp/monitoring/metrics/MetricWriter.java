package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import dev.opsmcp.common.tool.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Stores a batch of samples in one transaction: resolves (or creates, up to the per-service cap)
 * each series, turns cumulative points into increases against the locked series state, writes raw
 * points and merges the 1-minute and 1-hour rollups and histogram buckets. Thread-safe.
 */
final class MetricWriter {
  /** Upper bound stored for the +Inf histogram bucket (portable: no infinities in SQL). */
  static final double INF_BOUND = 1e308;

  record Outcome(int stored, int rejected, List<String> reasons) {}

  private record Series(long id, MetricKind kind) {}

  /** A raw point row: a series, its time (epoch millis) and its value. */
  record Point(long series, long millis, double value) {}

  /** A rollup row: a series and the start of its minute or hour (epoch millis). */
  record Key(long series, long bucketStart) {}

  /** A histogram bucket row: a series, the start of its interval and the bucket's bound. */
  record BucketKey(long series, long bucketStart, double le) {}

  /** Count, sum, min and max of the values of one rollup row. */
  static final class Agg {
    long n;
    double total;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;

    void add(double v) {
      n++;
      total += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }

  private final Database db;
  private final int maxSeriesPerService;
  private final MetricRows rows;

  MetricWriter(Database db, int maxSeriesPerService) {
    this.db = db;
    this.maxSeriesPerService = maxSeriesPerService;
    this.rows =
        db.kind() == DatabaseKind.POSTGRESQL ? new PostgresMetricRows() : new BatchedMetricRows();
  }

  Outcome write(String tenant, List<Sample> samples, Instant now) {
    Map<SeriesKey, List<Sample>> bySeries = new LinkedHashMap<>();
    for (Sample s : samples) {
      bySeries.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    }
    return db.jdbi().inTransaction(h -> write(h, tenant, bySeries, now));
  }

  private Outcome write(
      Handle h, String tenant, Map<SeriesKey, List<Sample>> bySeries, Instant now) {
    OffsetDateTime nowTs = now.atOffset(ZoneOffset.UTC);
    Map<String, Integer> overCap = new TreeMap<>();
    int kindMismatch = 0;
    int rejected = 0;
    Map<SeriesKey, Series> ids = resolve(h, tenant, bySeries, nowTs, overCap);
    Map<Long, SeriesState> states = lock(h, ids.values());
    List<Point> points = new ArrayList<>();
    Map<Key, Agg> minutes = new HashMap<>();
    Map<Key, Agg> hours = new HashMap<>();
    Map<BucketKey, double[]> minuteBuckets = new HashMap<>();
    Map<BucketKey, double[]> hourBuckets = new HashMap<>();
    Map<Long, SeriesState> newStates = new HashMap<>();
    int stored = 0;
    for (var e : bySeries.entrySet()) {
      Series series = ids.get(e.getKey());
      if (series == null) {
        rejected += e.getValue().size();
        continue;
      }
      if (series.kind() != e.getKey().kind()) {
        kindMismatch += e.getValue().size();
        continue;
      }
      List<Sample> list = new ArrayList<>(e.getValue());
      list.sort(Comparator.comparingLong(Sample::timeNanos));
      SeriesState state = states.get(series.id());
      for (Sample s : list) {
        long nanos = s.timeNanos() == 0 ? now.toEpochMilli() * 1_000_000L : s.timeNanos();
        Sample at =
            nanos == s.timeNanos()
                ? s
                : new Sample(
                    s.key(),
                    s.startNanos(),
                    nanos,
                    s.value(),
                    s.cumulative(),
                    s.bounds(),
                    s.counts());
        double value;
        double[] counts = at.counts();
        if (at.cumulative()) {
          Increase inc = Increase.between(state, at);
          if (state == null || at.timeNanos() > state.time()) {
            state =
                new SeriesState(
                    at.startNanos(), at.timeNanos(), at.value(), at.bounds(), at.counts());
            newStates.put(series.id(), state);
          }
          if (inc == null) {
            continue; // the first point of a cumulative series, or a repeat of the last one
          }
          value =
              series.kind() == MetricKind.HISTOGRAM || series.kind() == MetricKind.RATE
                  ? inc.value() / inc.seconds()
                  : inc.value();
          counts = inc.counts();
        } else if (series.kind() == MetricKind.HISTOGRAM) {
          double seconds =
              at.startNanos() > 0 && at.startNanos() < at.timeNanos()
                  ? (at.timeNanos() - at.startNanos()) / 1e9
                  : 0;
          value = seconds > 0 ? at.value() / seconds : at.value();
        } else {
          value = at.value();
        }
        long millis = at.timeNanos() / 1_000_000L;
        points.add(new Point(series.id(), millis, value));
        long minute = Math.floorDiv(millis, 60_000L) * 60_000L;
        long hour = Math.floorDiv(millis, 3_600_000L) * 3_600_000L;
        minutes.computeIfAbsent(new Key(series.id(), minute), k -> new Agg()).add(value);
        hours.computeIfAbsent(new Key(series.id(), hour), k -> new Agg()).add(value);
        if (counts != null) {
          for (int i = 0; i < counts.length; i++) {
            double le = Math.min(at.bounds()[i], INF_BOUND);
            minuteBuckets
                    .computeIfAbsent(new BucketKey(series.id(), minute, le), k -> new double[1])[
                    0] +=
                counts[i];
            hourBuckets
                    .computeIfAbsent(new BucketKey(series.id(), hour, le), k -> new double[1])[0] +=
                counts[i];
          }
        }
        stored++;
      }
    }
    rows.points(h, points);
    rows.rollups(h, "metric_rollup_1m", minutes);
    rows.rollups(h, "metric_rollup_1h", hours);
    rows.buckets(h, "metric_bucket_1m", minuteBuckets);
    rows.buckets(h, "metric_bucket_1h", hourBuckets);
    saveStates(h, newStates);
    List<String> reasons = new ArrayList<>();
    overCap.forEach(
        (service, n) ->
            reasons.add(
                n
                    + " data point(s) of service '"
                    + service
                    + "' rejected: it already has the maximum of "
                    + maxSeriesPerService
                    + " series (OPSMCP_METRIC_MAX_SERIES_PER_SERVICE); new label combinations are"
                    + " refused, existing series are still stored. Drop high-cardinality"
                    + " attributes (ids, URLs) from the points"));
    if (kindMismatch > 0) {
      reasons.add(
          kindMismatch
              + " data point(s) rejected: their metric already exists as another type (gauge,"
              + " sum or histogram) with the same labels; use a new metric name");
    }
    return new Outcome(stored, rejected + kindMismatch, reasons);
  }

  private Map<SeriesKey, Series> resolve(
      Handle h,
      String tenant,
      Map<SeriesKey, List<Sample>> bySeries,
      OffsetDateTime now,
      Map<String, Integer> overCap) {
    Map<SeriesKey, Series> ids = new HashMap<>();
    Map<String, List<SeriesKey>> byService = new LinkedHashMap<>();
    bySeries
        .keySet()
        .forEach(k -> byService.computeIfAbsent(k.service(), s -> new ArrayList<>()).add(k));
    for (var e : byService.entrySet()) {
      String service = e.getKey();
      Map<String, Series> existing = existing(h, tenant, service, e.getValue());
      List<SeriesKey> missing = new ArrayList<>();
      for (SeriesKey k : e.getValue()) {
        Series s = existing.get(k.name() + '\u0000' + k.labels());
        if (s != null) {
          ids.put(k, s);
        } else {
          missing.add(k);
        }
      }
      if (missing.isEmpty()) {
        continue;
      }
      long count =
          h.createQuery("SELECT count(*) FROM metric_series WHERE tenant_id = :t AND service = :s")
              .bind("t", tenant)
              .bind("s", service)
              .mapTo(Long.class)
              .one();
      long room = Math.max(0, maxSeriesPerService - count);
      PreparedBatch insert =
          h.prepareBatch(
              """
              INSERT INTO metric_series
                (tenant_id, service, name, labels, kind, unit, created_at)
              VALUES (:t, :s, :name, :labels, :kind, :unit, :now)
              ON CONFLICT DO NOTHING
              """);
      int added = 0;
      for (SeriesKey k : missing) {
        if (added >= room) {
          overCap.merge(service, bySeries.get(k).size(), Integer::sum);
          continue;
        }
        insert
            .bind("t", tenant)
            .bind("s", service)
            .bind("name", k.name())
            .bind("labels", k.labels())
            .bind("kind", k.kind().name())
            .bind("unit", k.unit())
            .bind("now", now)
            .add();
        added++;
      }
      if (added > 0) {
        insert.execute();
        Map<String, Series> now2 = existing(h, tenant, service, missing);
        for (SeriesKey k : missing) {
          Series s = now2.get(k.name() + '\u0000' + k.labels());
          if (s != null) {
            ids.put(k, s);
          }
        }
      }
      h.createUpdate(
              """
              INSERT INTO catalog_service (tenant_id, name, depends_on, source, updated_at)
              VALUES (:t, :s, '[]', 'telemetry', :now) ON CONFLICT DO NOTHING
              """)
          .bind("t", tenant)
          .bind("s", service)
          .bind("now", now)
          .execute();
    }
    return ids;
  }

  private static Map<String, Series> existing(
      Handle h, String tenant, String service, List<SeriesKey> keys) {
    Map<String, Series> found = new HashMap<>();
    List<String> names = keys.stream().map(SeriesKey::name).distinct().toList();
    h.createQuery(
            """
            SELECT id, name, labels, kind FROM metric_series
            WHERE tenant_id = :t AND service = :s AND name IN (<names>)
            """)
        .bind("t", tenant)
        .bind("s", service)
        .bindList("names", names)
        .map(
            (rs, ctx) -> {
              found.put(
                  rs.getString("name") + '\u0000' + rs.getString("labels"),
                  new Series(rs.getLong("id"), MetricKind.valueOf(rs.getString("kind"))));
              return null;
            })
        .list();
    return found;
  }

  /** Locks the series rows (in id order, so concurrent batches cannot deadlock). */
  private static Map<Long, SeriesState> lock(Handle h, java.util.Collection<Series> series) {
    Map<Long, SeriesState> states = new HashMap<>();
    if (series.isEmpty()) {
      return states;
    }
    List<Long> ids = series.stream().map(Series::id).distinct().sorted().toList();
    h.createQuery(
            "SELECT id, last_state FROM metric_series WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
        .bindList("ids", ids)
        .map(
            (rs, ctx) -> {
              String json = rs.getString("last_state");
              if (json != null) {
                states.put(rs.getLong("id"), Json.MAPPER.readValue(json, SeriesState.class));
              }
              return null;
            })
        .list();
    return states;
  }

  private static void saveStates(Handle h, Map<Long, SeriesState> states) {
    if (states.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch("UPDATE metric_series SET last_state = :state WHERE id = :id");
    states.forEach((id, state) -> batch.bind("state", Json.write(state)).bind("id", id).add());
    batch.execute();
  }

  static OffsetDateTime ts(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
  }
}
