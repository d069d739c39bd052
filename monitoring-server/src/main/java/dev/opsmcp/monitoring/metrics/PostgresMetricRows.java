package dev.opsmcp.monitoring.metrics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * {@link MetricRows} on PostgreSQL: each table's rows go as one statement over arrays ({@code
 * unnest}), rollups and buckets as one {@code INSERT … ON CONFLICT DO UPDATE}. A batched MERGE per
 * row cost the server one statement execution per row: most of an ingest request's time.
 */
final class PostgresMetricRows implements MetricRows {
  private static final String TS = "TIMESTAMPTZ 'epoch' + ms * INTERVAL '1 millisecond'";

  @Override
  public void points(Handle h, List<MetricWriter.Point> points) {
    if (points.isEmpty()) {
      return;
    }
    int size = points.size();
    long[] series = new long[size];
    long[] millis = new long[size];
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      MetricWriter.Point p = points.get(i);
      series[i] = p.series();
      millis[i] = p.millis();
      values[i] = p.value();
    }
    execute(
        h,
        "INSERT INTO metric_point (series_id, ts, val) SELECT s, "
            + TS
            + ", v FROM unnest(?::bigint[], ?::bigint[], ?::float8[]) AS u (s, ms, v)",
        series,
        millis,
        values);
  }

  @Override
  public void rollups(Handle h, String table, Map<MetricWriter.Key, MetricWriter.Agg> aggs) {
    if (aggs.isEmpty()) {
      return;
    }
    List<Map.Entry<MetricWriter.Key, MetricWriter.Agg>> rows = new ArrayList<>(aggs.entrySet());
    rows.sort(
        Comparator.comparingLong(
                (Map.Entry<MetricWriter.Key, MetricWriter.Agg> e) -> e.getKey().series())
            .thenComparingLong(e -> e.getKey().bucketStart()));
    int size = rows.size();
    long[] series = new long[size];
    long[] millis = new long[size];
    long[] n = new long[size];
    double[] total = new double[size];
    double[] lo = new double[size];
    double[] hi = new double[size];
    for (int i = 0; i < size; i++) {
      var e = rows.get(i);
      series[i] = e.getKey().series();
      millis[i] = e.getKey().bucketStart();
      n[i] = e.getValue().n;
      total[i] = e.getValue().total;
      lo[i] = e.getValue().lo;
      hi[i] = e.getValue().hi;
    }
    execute(
        h,
        """
        INSERT INTO %s AS r (series_id, ts, n, total, lo, hi)
        SELECT s, %s, n, total, lo, hi
        FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[])
          AS u (s, ms, n, total, lo, hi)
        ON CONFLICT (series_id, ts) DO UPDATE SET n = r.n + EXCLUDED.n,
          total = r.total + EXCLUDED.total, lo = LEAST(r.lo, EXCLUDED.lo),
          hi = GREATEST(r.hi, EXCLUDED.hi)
        """
            .formatted(table, TS),
        series,
        millis,
        n,
        total,
        lo,
        hi);
  }

  @Override
  public void buckets(Handle h, String table, Map<MetricWriter.BucketKey, double[]> buckets) {
    if (buckets.isEmpty()) {
      return;
    }
    List<Map.Entry<MetricWriter.BucketKey, double[]>> rows = new ArrayList<>(buckets.entrySet());
    rows.sort(
        Comparator.comparingLong(
                (Map.Entry<MetricWriter.BucketKey, double[]> e) -> e.getKey().series())
            .thenComparingLong(e -> e.getKey().bucketStart())
            .thenComparingDouble(e -> e.getKey().le()));
    int size = rows.size();
    long[] series = new long[size];
    long[] millis = new long[size];
    double[] le = new double[size];
    double[] n = new double[size];
    for (int i = 0; i < size; i++) {
      var e = rows.get(i);
      series[i] = e.getKey().series();
      millis[i] = e.getKey().bucketStart();
      le[i] = e.getKey().le();
      n[i] = e.getValue()[0];
    }
    execute(
        h,
        """
        INSERT INTO %s AS r (series_id, ts, le, n)
        SELECT s, %s, le, n FROM unnest(?::bigint[], ?::bigint[], ?::float8[], ?::float8[])
          AS u (s, ms, le, n)
        ON CONFLICT (series_id, ts, le) DO UPDATE SET n = r.n + EXCLUDED.n
        """
            .formatted(table, TS),
        series,
        millis,
        le,
        n);
  }

  /** Runs {@code sql} with one array parameter per column ({@code long[]} or {@code double[]}). */
  private static void execute(Handle h, String sql, Object... columns) {
    Connection c = h.getConnection();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      PGConnection pg = c.unwrap(PGConnection.class);
      List<Array> arrays = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        Array a = pg.createArrayOf(columns[i] instanceof long[] ? "int8" : "float8", columns[i]);
        arrays.add(a);
        ps.setArray(i + 1, a);
      }
      ps.executeUpdate();
      for (Array a : arrays) {
        a.free();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing metric rows failed: " + e.getMessage(), e);
    }
  }
}
