package dev.opsmcp.monitoring.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link MetricRows} in the SQL both databases run: batched INSERTs and MERGEs, rows in key order
 * so concurrent batches lock them in the same order. The embedded database's path.
 */
final class BatchedMetricRows implements MetricRows {
  @Override
  public void points(Handle h, List<MetricWriter.Point> points) {
    if (points.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch("INSERT INTO metric_point (series_id, ts, val) VALUES (:s, :ts, :v)");
    for (MetricWriter.Point p : points) {
      batch
          .bind("s", p.series())
          .bind("ts", MetricWriter.ts(p.millis()))
          .bind("v", p.value())
          .add();
    }
    batch.execute();
  }

  @Override
  public void rollups(Handle h, String table, Map<MetricWriter.Key, MetricWriter.Agg> aggs) {
    if (aggs.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            """
            MERGE INTO %s r
            USING (VALUES (CAST(:s AS BIGINT), CAST(:ts AS TIMESTAMP WITH TIME ZONE),
                           CAST(:n AS BIGINT), CAST(:total AS DOUBLE PRECISION),
                           CAST(:lo AS DOUBLE PRECISION), CAST(:hi AS DOUBLE PRECISION)))
              AS v (series_id, ts, n, total, lo, hi)
            ON r.series_id = v.series_id AND r.ts = v.ts
            WHEN MATCHED THEN UPDATE SET n = r.n + v.n, total = r.total + v.total,
              lo = LEAST(r.lo, v.lo), hi = GREATEST(r.hi, v.hi)
            WHEN NOT MATCHED THEN INSERT (series_id, ts, n, total, lo, hi)
              VALUES (v.series_id, v.ts, v.n, v.total, v.lo, v.hi)
            """
                .formatted(table));
    aggs.entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                    (Map.Entry<MetricWriter.Key, MetricWriter.Agg> e) -> e.getKey().series())
                .thenComparingLong(e -> e.getKey().bucketStart()))
        .forEach(
            e ->
                batch
                    .bind("s", e.getKey().series())
                    .bind("ts", MetricWriter.ts(e.getKey().bucketStart()))
                    .bind("n", e.getValue().n)
                    .bind("total", e.getValue().total)
                    .bind("lo", e.getValue().lo)
                    .bind("hi", e.getValue().hi)
                    .add());
    batch.execute();
  }

  @Override
  public void buckets(Handle h, String table, Map<MetricWriter.BucketKey, double[]> buckets) {
    if (buckets.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            """
            MERGE INTO %s r
            USING (VALUES (CAST(:s AS BIGINT), CAST(:ts AS TIMESTAMP WITH TIME ZONE),
                           CAST(:le AS DOUBLE PRECISION), CAST(:n AS DOUBLE PRECISION)))
              AS v (series_id, ts, le, n)
            ON r.series_id = v.series_id AND r.ts = v.ts AND r.le = v.le
            WHEN MATCHED THEN UPDATE SET n = r.n + v.n
            WHEN NOT MATCHED THEN INSERT (series_id, ts, le, n)
              VALUES (v.series_id, v.ts, v.le, v.n)
            """
                .formatted(table));
    buckets.entrySet().stream()
        .sorted(
            Comparator.comparingLong(
                    (Map.Entry<MetricWriter.BucketKey, double[]> e) -> e.getKey().series())
                .thenComparingLong(e -> e.getKey().bucketStart())
                .thenComparingDouble(e -> e.getKey().le()))
        .forEach(
            e ->
                batch
                    .bind("s", e.getKey().series())
                    .bind("ts", MetricWriter.ts(e.getKey().bucketStart()))
                    .bind("le", e.getKey().le())
                    .bind("n", e.getValue()[0])
                    .add());
    batch.execute();
  }
}
