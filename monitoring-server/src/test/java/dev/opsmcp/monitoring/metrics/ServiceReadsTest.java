package dev.opsmcp.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServiceReadsTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);

  /** A source whose read of a service answers one series named after it, after a short wait. */
  private static final class SlowSource implements MetricSource {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @Override
    public List<String> services(String tenant, Instant from, Instant to, int limit) {
      return List.of();
    }

    @Override
    public List<Series> read(
        String tenant, String service, Instant from, Instant to, Duration step, int limit) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      if (service.equals("broken")) {
        throw new MetricSourceUnavailable("Prometheus did not answer");
      }
      return List.of(new Series(service, "up", "{}", "GAUGE", "", from, step, new double[] {1}));
    }
  }

  @Test
  void read_answersInTheServicesOrder_atMostFourAtOnce() {
    SlowSource source = new SlowSource();
    List<String> services = IntStream.range(0, 20).mapToObj(i -> "svc-" + i).toList();

    List<List<Series>> read =
        ServiceReads.read(source, "t", services, FROM, FROM.plus(STEP), STEP, 10);

    assertThat(read).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(read.get(i)).singleElement().extracting(Series::service).isEqualTo("svc-" + i);
    }
    assertThat(source.maxInFlight.get()).isBetween(2, ServiceReads.PARALLEL);
  }

  @Test
  void read_sourceFails_throwsWhatTheSourceThrew() {
    SlowSource source = new SlowSource();

    assertThatThrownBy(
            () ->
                ServiceReads.read(
                    source, "t", List.of("a", "broken", "c"), FROM, FROM.plus(STEP), STEP, 10))
        .isInstanceOf(MetricSourceUnavailable.class)
        .hasMessageContaining("Prometheus did not answer");
  }
}
