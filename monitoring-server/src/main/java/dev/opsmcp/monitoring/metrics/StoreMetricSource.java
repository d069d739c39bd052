package dev.opsmcp.monitoring.metrics;

import dev.opsmcp.common.db.Database;
import dev.opsmcp.common.db.DatabaseKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.postgresql.PGStatement;

/**
 * The built-in metric store as a {@link MetricSource}: steps of an hour or more read the 1-hour
 * rollups, steps of a minute or more the 1-minute rollups, shorter steps the raw points.
 */
public final class StoreMetricSource implements MetricSource {
  private static final double[] QUANTILES = {0.5, 0.95, 0.99};
  static final int SERVICES_PER_QUERY = 100;
  static final int IDS_PER_QUERY = 2_000;

  private final Database db;

  public StoreMetricSource(Database db) {
    this.db = db;
  }

  private record Meta(
      long id, String service, String name, String labels, String kind, String unit) {}

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
    return readAll(tenant, List.of(service), from, to, step, limit).get(0);
  }

  /**
   * Every service's series in one pass: one metadata query, then the rollup (or point) rows and the
   * histogram-bucket rows of up to {@value #IDS_PER_QUERY} series per query, straight into flat
   * arrays. A query per service cost the database a statement per service and table.
   */
  @Override
  public List<List<Series>> readAll(
      String tenant, List<String> services, Instant from, Instant to, Duration step, int limit) {
    if (services.isEmpty()) {
      return List.of();
    }
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
              List<Meta> metas = new ArrayList<>();
              for (int c = 0; c < services.size(); c += SERVICES_PER_QUERY) {
                metas.addAll(
                    h.createQuery(
                            """
                            SELECT id, service, name, labels, kind, unit FROM (
                              SELECT id, service, name, labels, kind, unit, ROW_NUMBER() OVER (
                                PARTITION BY service ORDER BY name, labels) AS k
                              FROM metric_series WHERE tenant_id = :t AND service IN (<s>)) m
                            WHERE k <= :limit ORDER BY service, name, labels
                            """)
                        .bind("t", tenant)
                        .bindList(
                            "s",
                            services.subList(c, Math.min(services.size(), c + SERVICES_PER_QUERY)))
                        .bind("limit", limit)
                        .map(
                            (rs, ctx) ->
                                new Meta(
                                    rs.getLong("id"),
                                    rs.getString("service"),
                                    rs.getString("name"),
                                    rs.getString("labels"),
                                    rs.getString("kind"),
                                    rs.getString("unit")))
                        .list());
              }
              Map<String, List<Series>> byService = new HashMap<>();
              for (String service : services) {
                byService.put(service, new ArrayList<>());
              }
              if (metas.isEmpty()) {
                return services.stream().map(byService::get).toList();
              }
              Rows rows = new Rows(metas, from, step, n, db.kind() == DatabaseKind.POSTGRESQL);
              String ts = rows.pg ? "date_part('epoch', ts)" : "ts";
              String sql =
                  table == null
                      ? "SELECT series_id, " + ts + ", 1 AS n, val AS total FROM metric_point"
                      : "SELECT series_id, " + ts + ", n, total FROM " + table;
              double[] sums = new double[metas.size() * n];
              double[] counts = new double[metas.size() * n];
              rows.query(
                  h.getConnection(),
                  sql,
                  rows.all,
                  to,
                  rs -> {
                    int at = rows.at(rs);
                    if (at >= 0) {
                      sums[at] += rs.getDouble(4);
                      counts[at] += rs.getDouble(3);
                    }
                  });
              long[] histograms =
                  metas.stream()
                      .filter(m -> m.kind().equals("HISTOGRAM"))
                      .mapToLong(Meta::id)
                      .toArray();
              Histograms hist = new Histograms(metas.size(), n);
              if (histograms.length > 0) {
                rows.query(
                    h.getConnection(),
                    "SELECT series_id, " + ts + ", le, n FROM " + buckets,
                    histograms,
                    to,
                    rs -> {
                      int at = rows.at(rs);
                      if (at >= 0) {
                        hist.add(at, rs.getDouble(3), rs.getDouble(4));
                      }
                    });
              }
              for (int j = 0; j < metas.size(); j++) {
                Meta m = metas.get(j);
                List<Series> out = byService.get(m.service());
                double[] mean = new double[n];
                for (int i = 0; i < n; i++) {
                  double c = counts[j * n + i];
                  mean[i] = c > 0 ? sums[j * n + i] / c : Double.NaN;
                }
                out.add(
                    new Series(
                        m.service(), m.name(), m.labels(), m.kind(), m.unit(), from, step, mean));
                if (hist.has(j)) {
                  for (double q : QUANTILES) {
                    out.add(
                        new Series(
                            m.service(),
                            m.name(),
                            withQuantile(m.labels(), q),
                            "QUANTILE",
                            m.unit(),
                            from,
                            step,
                            hist.quantiles(j, q)));
                  }
                }
              }
              return services.stream().map(byService::get).toList();
            });
  }

  /** One result row, seen through {@link Rows#at}. */
  private interface RowSink {
    void accept(ResultSet rs) throws SQLException;
  }

  /**
   * How a read's rows land in flat arrays: {@code series * n + step} for the series' position in
   * the metadata and the row's step. On PostgreSQL the timestamp comes as epoch seconds and every
   * column in binary: no text parsing, no {@code OffsetDateTime} per row.
   */
  private static final class Rows {
    final long[] all;
    final long[] sortedIds;
    final int[] positions;
    final long fromMillis;
    final long stepMillis;
    final int n;
    final boolean pg;
    final Instant from;

    Rows(List<Meta> metas, Instant from, Duration step, int n, boolean pg) {
      this.all = metas.stream().mapToLong(Meta::id).toArray();
      Integer[] order = new Integer[all.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(all[a], all[b]));
      this.sortedIds = new long[all.length];
      this.positions = new int[all.length];
      for (int i = 0; i < order.length; i++) {
        sortedIds[i] = all[order[i]];
        positions[i] = order[i];
      }
      this.from = from;
      this.fromMillis = from.toEpochMilli();
      this.stepMillis = step.toMillis();
      this.n = n;
      this.pg = pg;
    }

    /** The row's flat index, or -1 when its timestamp is outside the steps. */
    int at(ResultSet rs) throws SQLException {
      int k = Arrays.binarySearch(sortedIds, rs.getLong(1));
      if (k < 0) {
        return -1;
      }
      long millis =
          pg ? Math.round(rs.getDouble(2) * 1000) : millis(rs.getObject(2, OffsetDateTime.class));
      long i = Math.floorDiv(millis - fromMillis, stepMillis);
      return i >= 0 && i < n ? positions[k] * n + (int) i : -1;
    }

    /** Runs {@code select} over the series {@code ids} and [from, to), row by row. */
    void query(Connection c, String select, long[] ids, Instant to, RowSink sink) {
      for (int from = 0; from < ids.length; from += IDS_PER_QUERY) {
        queryChunk(
            c,
            select,
            Arrays.copyOfRange(ids, from, Math.min(ids.length, from + IDS_PER_QUERY)),
            to,
            sink);
      }
    }

    private void queryChunk(Connection c, String select, long[] ids, Instant to, RowSink sink) {
      StringBuilder sql = new StringBuilder(select).append(" WHERE series_id IN (");
      for (int i = 0; i < ids.length; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") AND ts >= ? AND ts < ?");
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        if (pg) {
          // Binary results from the first execution (the default waits for the fifth).
          ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        int p = 1;
        for (long id : ids) {
          ps.setLong(p++, id);
        }
        ps.setObject(p++, utc(from));
        ps.setObject(p, utc(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(rs);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("reading metrics failed: " + e.getMessage(), e);
      }
    }

    private static long millis(OffsetDateTime ts) {
      return ts.toEpochSecond() * 1000 + ts.getNano() / 1_000_000;
    }
  }

  /**
   * Histogram bucket counts per series and step, in flat arrays by bound: the bounds a step saw are
   * marked present, so a quantile interpolates between the same neighbouring bounds as over the
   * step's own buckets, whichever bounds other steps had.
   */
  private static final class Histograms {
    private final int n;
    private final List<double[]> bounds;
    private final List<double[]> counts;
    private final List<boolean[]> present;

    Histograms(int series, int n) {
      this.n = n;
      this.bounds = new ArrayList<>(java.util.Collections.nCopies(series, (double[]) null));
      this.counts = new ArrayList<>(java.util.Collections.nCopies(series, (double[]) null));
      this.present = new ArrayList<>(java.util.Collections.nCopies(series, (boolean[]) null));
    }

    /** {@code count} observations at or under {@code le} at flat index {@code at}. */
    void add(int at, double le, double count) {
      int j = at / n;
      int i = at % n;
      double[] b = bounds.get(j);
      int k = b == null ? -1 : Arrays.binarySearch(b, le);
      if (k < 0) {
        k = grow(j, le);
        b = bounds.get(j);
      }
      int cell = i * b.length + k;
      counts.get(j)[cell] += count;
      present.get(j)[cell] = true;
    }

    /** Inserts bound {@code le} into series {@code j}'s bounds; its index. */
    private int grow(int j, double le) {
      double[] old = bounds.get(j);
      int width = old == null ? 0 : old.length;
      int k = old == null ? 0 : -Arrays.binarySearch(old, le) - 1;
      double[] b = new double[width + 1];
      double[] c = new double[n * (width + 1)];
      boolean[] p = new boolean[n * (width + 1)];
      if (old != null) {
        System.arraycopy(old, 0, b, 0, k);
        System.arraycopy(old, k, b, k + 1, width - k);
        double[] oc = counts.get(j);
        boolean[] op = present.get(j);
        for (int i = 0; i < n; i++) {
          System.arraycopy(oc, i * width, c, i * (width + 1), k);
          System.arraycopy(oc, i * width + k, c, i * (width + 1) + k + 1, width - k);
          System.arraycopy(op, i * width, p, i * (width + 1), k);
          System.arraycopy(op, i * width + k, p, i * (width + 1) + k + 1, width - k);
        }
      }
      b[k] = le;
      bounds.set(j, b);
      counts.set(j, c);
      present.set(j, p);
      return k;
    }

    boolean has(int j) {
      return bounds.get(j) != null;
    }

    double[] quantiles(int j, double q) {
      double[] b = bounds.get(j);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = Quantiles.estimate(b, counts.get(j), present.get(j), i * b.length, q);
      }
      return v;
    }
  }

  private static String withQuantile(String labels, double q) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("quantile", "p" + Math.round(q * 100));
    String inner = labels.length() > 2 ? "," + labels.substring(1) : "}";
    return "{\"quantile\":\"" + map.get("quantile") + "\"" + inner;
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
