package dev.opsmcp.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {
  @Test
  void parse_nonFiniteValues_areNaN() {
    assertThat(PrometheusClient.parse("NaN")).isNaN();
    assertThat(PrometheusClient.parse("+Inf")).isNaN();
    assertThat(PrometheusClient.parse("-Inf")).isNaN();
  }

  @Test
  void parse_sameDoubleAsTheJdk() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 12));
      String text = Double.toString(v);
      assertThat(PrometheusClient.parse(text)).isEqualTo(Double.parseDouble(text));
    }
    assertThat(PrometheusClient.parse("1.0512345678901234")).isEqualTo(1.0512345678901234);
    assertThat(PrometheusClient.parse("1e-3")).isEqualTo(0.001);
    assertThat(PrometheusClient.parse("42")).isEqualTo(42.0);
  }
}
