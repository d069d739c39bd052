package dev.opsmcp.common.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Caller;
import dev.opsmcp.common.auth.Grant;
import dev.opsmcp.common.auth.Grants;
import dev.opsmcp.common.auth.Verified;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Waiting reads the row when woken, not on every progress tick: 1,000 waiters re-reading every 5 s
 * were 200 queries a second while nothing changed. In-process signals, a real virtual-thread wait.
 */
class WaitingTest {
  private static final Duration TICK = Duration.ofMillis(40);

  private final LocalSignals signals = new LocalSignals();
  private final Waiting waiting = new Waiting(signals, TICK);

  private static Grant grant() {
    Caller caller = new Caller("t", "key", Caller.CredentialKind.API_KEY, Set.of());
    return new Grants(null, Duration.ofMinutes(1))
        .open(new Verified(caller, Instant.now().plus(Duration.ofHours(1))));
  }

  @Test
  void anUnwokenWaiter_ticksEachIntervalButReadsOnlyAtTheStartAndTheEnd() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger ticks = new AtomicInteger();
    String state =
        waiting.until(
            grant(),
            "k1",
            TICK.multipliedBy(8),
            () -> "pending" + reads.incrementAndGet(),
            s -> false,
            (sofar, total) -> ticks.incrementAndGet());
    assertThat(ticks.get()).isGreaterThanOrEqualTo(5);
    assertThat(reads.get()).isEqualTo(2);
    assertThat(state).isEqualTo("pending2");
  }

  @Test
  void aStaleState_isReReadEachTick() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    waiting.until(
        grant(),
        "k2",
        TICK.multipliedBy(6),
        () -> reads.incrementAndGet(),
        s -> false,
        s -> true,
        Waiting.Tick.NONE);
    assertThat(reads.get()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aSignal_wakesTheWaiterWhichReadsTheNewState() throws Exception {
    AtomicReference<String> row = new AtomicReference<>("pending");
    AtomicInteger reads = new AtomicInteger();
    var calls = Executors.newVirtualThreadPerTaskExecutor();
    CompletableFuture<String> result = new CompletableFuture<>();
    calls.submit(
        () -> {
          try {
            result.complete(
                waiting.until(
                    grant(),
                    "k3",
                    Duration.ofSeconds(30),
                    () -> {
                      reads.incrementAndGet();
                      return row.get();
                    },
                    s -> s.equals("answered"),
                    Waiting.Tick.NONE));
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    while (reads.get() == 0) {
      Thread.sleep(5);
    }
    Thread.sleep(TICK.multipliedBy(4).toMillis()); // ticks pass: no read
    assertThat(reads.get()).isEqualTo(1);
    row.set("answered");
    long signalled = System.nanoTime();
    signals.signal("k3");
    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("answered");
    assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(TICK);
    assertThat(reads.get()).isEqualTo(2);
    calls.close();
  }

  @Test
  void reconnected_wakesEveryWatcher() throws Exception {
    try (Waiter a = signals.watch("a");
        Waiter b = signals.watch("b")) {
      signals.signal(Signals.RECONNECTED);
      assertThat(a.await(Duration.ZERO)).isTrue();
      assertThat(b.await(Duration.ZERO)).isTrue();
    }
  }
}
