package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in metric store as a {@link MetricSource}: steps of an hour or more read the 1-hour
 * rollups, steps of a minute or more the 1-minute rollups, shorter steps the raw points.
 */
public final class StoreMetricSource implements MetricSource {
  private static final double[] QUANTILES = {0.5, 0.95, 0.99};

  private final Database db;

  public StoreMetricSource(Database db) {
    this.db = db;
  }

  private record Meta(long id, String name, String labels, String kind, String unit) {}

  @Override
  public List<String> services(String tenant, Instant from, Instant to, int limit) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT DISTINCT s.service FROM metric_series s
                        WHERE s.tenant_id = :t AND EXISTS (
                          SELECT 1 FROM metric_rollup_1h r
                          WHERE r.series_id = s.id AND r.ts >= :from AND r.ts < :to)
                        ORDER BY s.service LIMIT :limit
                        """)
                    .bind("t", tenant)
                    .bind("from", utc(from).minusHours(1))
                    .bind("to", utc(to))
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list());
  }

  @Override
  public List<Series> read(
      String tenant, String service, Instant from, Instant to, Duration step, int limit) {
    int n = (int) Math.max(1, Duration.between(from, to).dividedBy(step));
    String table =
        step.compareTo(Duration.ofHours(1)) >= 0
            ? "metric_rollup_1h"
            : step.compareTo(Duration.ofMinutes(1)) >= 0 ? "metric_rollup_1m" : null;
    String buckets =
        step.compareTo(Duration.ofHours(1)) >= 0 ? "metric_bucket_1h" : "metric_bucket_1m";
    return db.jdbi()
        .withHandle(
            h -> {
              List<Meta> metas =
                  h.createQuery(
                          """
                          SELECT id, name, labels, kind, unit FROM metric_series
                          WHERE tenant_id = :t AND service = :s ORDER BY name, labels LIMIT :limit
                          """)
                      .bind("t", tenant)
                      .bind("s", service)
                      .bind("limit", limit)
                      .map(
                          (rs, ctx) ->
                              new Meta(
                                  rs.getLong("id"),
                                  rs.getString("name"),
                                  rs.getString("labels"),
                                  rs.getString("kind"),
                                  rs.getString("unit")))
                      .list();
              if (metas.isEmpty()) {
                return List.<Series>of();
              }
              List<Long> ids = metas.stream().map(Meta::id).toList();
              Map<Long, double[]> sums = new HashMap<>();
              Map<Long, double[]> counts = new HashMap<>();
              String sql =
                  table == null
                      ? "SELECT series_id, ts, 1 AS n, val AS total FROM metric_point"
                          + " WHERE series_id IN (<ids>) AND ts >= :from AND ts < :to"
                      : "SELECT series_id, ts, n, total FROM "
                          + table
                          + " WHERE series_id IN (<ids>) AND ts >= :from AND ts < :to";
              h.createQuery(sql)
                  .bindList("ids", ids)
                  .bind("from", utc(from))
                  .bind("to", utc(to))
                  .map(
                      (rs, ctx) -> {
                        int i = index(rs.getObject(2, OffsetDateTime.class), from, step, n);
                        if (i >= 0) {
                          long id = rs.getLong(1);
                          sums.computeIfAbsent(id, k -> new double[n])[i] += rs.getDouble(4);
                          counts.computeIfAbsent(id, k -> new double[n])[i] += rs.getDouble(3);
                        }
                        return null;
                      })
                  .list();
              List<Long> histograms =
                  metas.stream().filter(m -> m.kind().equals("HISTOGRAM")).map(Meta::id).toList();
              Map<Long, List<TreeMap<Double, Double>>> hist = new HashMap<>();
              if (!histograms.isEmpty()) {
                h.createQuery(
                        "SELECT series_id, ts, le, n FROM "
                            + buckets
                            + " WHERE series_id IN (<ids>) AND ts >= :from AND ts < :to")
                    .bindList("ids", histograms)
                    .bind("from", utc(from))
                    .bind("to", utc(to))
                    .map(
                        (rs, ctx) -> {
                          int i = index(rs.getObject(2, OffsetDateTime.class), from, step, n);
                          if (i >= 0) {
                            var perStep =
                                hist.computeIfAbsent(
                                    rs.getLong(1),
                                    k -> {
                                      List<TreeMap<Double, Double>> l = new ArrayList<>();
                                      for (int j = 0; j < n; j++) {
                                        l.add(new TreeMap<>());
                                      }
                                      return l;
                                    });
                            perStep.get(i).merge(rs.getDouble(3), rs.getDouble(4), Double::sum);
                          }
                          return null;
                        })
                    .list();
              }
              List<Series> out = new ArrayList<>();
              for (Meta m : metas) {
                double[] mean = new double[n];
                Arrays.fill(mean, Double.NaN);
                double[] s = sums.get(m.id());
                double[] c = counts.get(m.id());
                if (s != null) {
                  for (int i = 0; i < n; i++) {
                    mean[i] = c[i] > 0 ? s[i] / c[i] : Double.NaN;
                  }
                }
                out.add(
                    new Series(
                        service, m.name(), m.labels(), m.kind(), m.unit(), from, step, mean));
                var perStep = hist.get(m.id());
                if (perStep != null) {
                  for (double q : QUANTILES) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                      v[i] = Quantiles.estimate(perStep.get(i), q);
                    }
                    out.add(
                        new Series(
                            service,
                            m.name(),
                            withQuantile(m.labels(), q),
                            "QUANTILE",
                            m.unit(),
                            from,
                            step,
                            v));
                  }
                }
              }
              return out;
            });
  }

  private static String withQuantile(String labels, double q) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("quantile", "p" + Math.round(q * 100));
    String inner = labels.length() > 2 ? "," + labels.substring(1) : "}";
    return "{\"quantile\":\"" + map.get("quantile") + "\"" + inner;
  }

  private static int index(OffsetDateTime ts, Instant from, Duration step, int n) {
    long millis = ts.toEpochSecond() * 1000 + ts.getNano() / 1_000_000;
    long i = Math.floorDiv(millis - from.toEpochMilli(), step.toMillis());
    return i >= 0 && i < n ? (int) i : -1;
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
