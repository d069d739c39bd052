package dev.opsmcp.monitoring.rca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DepartureTest {
  static double[] series(int baseline, int window, java.util.function.IntToDoubleFunction f) {
    Random r = new Random(1);
    double[] v = new double[baseline + window];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(i - baseline) * (1 + 0.03 * r.nextGaussian());
    }
    return v;
  }

  @Test
  void aDropCountsAsMuchAsARise_andIsDatedAtItsOnset() {
    Departure down = Departure.detect(series(120, 30, t -> t >= 10 ? 0.4 : 0.95), 120);
    assertThat(down.departed()).isTrue();
    assertThat(down.z()).isLessThan(-4);
    assertThat(down.onset()).isEqualTo(130);
    Departure up = Departure.detect(series(120, 30, t -> t >= 10 ? 2.0 : 0.95), 120);
    assertThat(up.departed()).isTrue();
    assertThat(up.z()).isGreaterThan(4);
  }

  @Test
  void aZeroBaseline_departs_withAFiniteZ_shownCappedAt1000() {
    double[] v = new double[150];
    for (int i = 130; i < 150; i++) {
      v[i] = 8; // an error count that never fired, then 8 per step
    }
    Departure d = Departure.detect(v, 120);
    assertThat(d.departed()).isTrue();
    assertThat(d.onset()).isEqualTo(130);
    assertThat(d.z()).isEqualTo(8 / Departure.MIN_SIGMA).isLessThan(1e5);
    assertThat(Departure.text(d.z())).isEqualTo(">1000");
    assertThat(Departure.shown(d.z())).isEqualTo(1000.0);
    assertThat(Departure.text(-d.z())).isEqualTo("<-1000");
    assertThat(Departure.text(12.34)).isEqualTo("12.3");
    assertThat(Departure.shown(-12.34)).isEqualTo(-12.3);
  }

  @Test
  void noiseAlone_doesNotDepart() {
    Departure d = Departure.detect(series(120, 30, t -> 100), 120);
    assertThat(d.departed()).isFalse();
    assertThat(d.chronic()).isFalse();
  }

  @Test
  void aSeriesSpikyThroughoutTheBaseline_isChronic_notADeparture() {
    Random r = new Random(5);
    Departure d = Departure.detect(series(120, 30, t -> r.nextDouble() < 0.25 ? 5 : 1), 120);
    assertThat(d.chronic()).isTrue();
    assertThat(d.departed()).isFalse();
  }

  @Test
  void aShortBlip_isNotASustainedDeparture() {
    Departure d = Departure.detect(series(120, 30, t -> t >= 5 && t < 8 ? 10 : 1), 120);
    assertThat(d.departed()).isFalse();
  }
}
