package dev.opsmcp.monitoring.metrics;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * How a batch's rows reach the metric tables, inside the writer's transaction: raw points appended,
 * rollup and histogram-bucket rows added to what the table already holds for their interval.
 * PostgreSQL sends each table's rows as one statement over arrays; other databases batch MERGEs.
 */
interface MetricRows {
  void points(Handle h, List<MetricWriter.Point> points);

  /** {@code table} is {@code metric_rollup_1m} or {@code metric_rollup_1h}, never input. */
  void rollups(Handle h, String table, Map<MetricWriter.Key, MetricWriter.Agg> aggs);

  /** {@code table} is {@code metric_bucket_1m} or {@code metric_bucket_1h}, never input. */
  void buckets(Handle h, String table, Map<MetricWriter.BucketKey, double[]> buckets);
}
