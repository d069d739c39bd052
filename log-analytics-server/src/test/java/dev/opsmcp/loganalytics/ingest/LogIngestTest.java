package dev.opsmcp.loganalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.ingest.IngestRefused;
import dev.opsmcp.common.ingest.IngestSlots;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogIngestTest {
  @Test
  void slots_letOnlySoManyBodiesInAtOnce_theNextWaitsThenGets503() throws Exception {
    LogIngest ingest = new LogIngest((tenant, batch) -> {}, 10, 1024, 2, Duration.ofMillis(300));
    try (IngestSlots.Slot first = ingest.slot();
        IngestSlots.Slot second = ingest.slot()) {
      long start = System.nanoTime();
      assertThatThrownBy(ingest::slot)
          .isInstanceOfSatisfying(
              IngestRefused.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.getMessage()).contains("retry").contains("nothing was stored");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
    try (IngestSlots.Slot afterRelease = ingest.slot()) {
      assertThat(afterRelease).isNotNull();
    }
  }
}
