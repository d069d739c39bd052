package dev.opsmcp.monitoring.systemmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesStatsTest {
  static final double NaN = Double.NaN;

  @Test
  void stats_skipMissingPoints_andRoundToFourDigits() {
    SeriesStats s = SeriesStats.of(new double[] {NaN, 1, 2, 3, 4, NaN, 100, 1.23456, NaN});
    assertThat(s.last()).isEqualTo(1.235);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(100.0);
    assertThat(s.p95()).isEqualTo(100.0);
    assertThat(s.mean()).isEqualTo(18.54);
  }

  @Test
  void trend_risingFallingFlat_relativeToTheMean() {
    assertThat(SeriesStats.of(new double[] {10, 11, 12, 13, 14}).trend()).isEqualTo("rising");
    assertThat(SeriesStats.of(new double[] {14, 13, 12, 11, 10}).trend()).isEqualTo("falling");
    assertThat(SeriesStats.of(new double[] {100, 101, 99, 102, 100}).trend()).isEqualTo("flat");
    assertThat(SeriesStats.of(new double[] {NaN, NaN}).trend()).isEqualTo("no data");
    assertThat(SeriesStats.of(new double[] {NaN, NaN}).last()).isNull();
  }

  @Test
  void downsample_bucketMeans_cappedInPoints_nullForEmptyBuckets() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i < 10 ? NaN : i;
    }
    var points = Downsample.of(v, 10);
    assertThat(points).hasSize(10);
    assertThat(points.get(0)).isNull();
    assertThat(points.get(1)).isEqualTo(14.5);
    assertThat(points.get(9)).isEqualTo(94.5);
    assertThat(Downsample.of(new double[] {1, 2, 3}, 30)).containsExactly(1.0, 2.0, 3.0);
  }
}
