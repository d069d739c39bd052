package dev.opsmcp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasurementTest {
  private static Measurement of(long[] nanos, double seconds, long cpu) {
    return new Measurement(16, nanos, 0, seconds, cpu);
  }

  @Test
  void merge_poolsCallsTimeAndCpu_andKeepsLatenciesSorted() {
    Measurement merged =
        of(new long[] {3_000_000, 5_000_000}, 1, 4_000).merge(of(new long[] {1_000_000}, 2, 2_000));

    assertThat(merged.latencies()).containsExactly(1_000_000, 3_000_000, 5_000_000);
    assertThat(merged.callsPerSecond()).isEqualTo(1.0);
    assertThat(merged.serverCpuMicrosPerCall()).isEqualTo(2.0);
    assertThat(merged.p50Millis()).isEqualTo(3.0);
  }

  @Test
  void percentile_isNearestRank() {
    long[] latencies = new long[100];
    for (int i = 0; i < 100; i++) {
      latencies[i] = i + 1;
    }
    Measurement m = of(latencies, 1, -1);

    assertThat(m.percentile(0.50)).isEqualTo(50);
    assertThat(m.percentile(0.99)).isEqualTo(99);
    assertThat(m.serverCpuMicrosPerCall()).isNaN();
  }

  @Test
  void merge_withUnknownCpu_staysUnknown() {
    assertThat(of(new long[] {1}, 1, 10).merge(of(new long[] {2}, 1, -1)).serverCpuNanos())
        .isEqualTo(-1);
  }
}
