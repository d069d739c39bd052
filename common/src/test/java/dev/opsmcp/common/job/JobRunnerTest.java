package dev.opsmcp.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
  @Test
  void close_waitsForThePassUnderWayToEnd() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    BackgroundJob slow =
        new BackgroundJob() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public Duration period() {
            return Duration.ofHours(1);
          }

          @Override
          public Duration firstDelay() {
            return Duration.ZERO;
          }

          @Override
          public void run() {
            running.countDown();
            try {
              Thread.sleep(10_000);
            } catch (InterruptedException e) {
              // a pass that finishes its write before it stops, as a batch insert would
              long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
              while (System.nanoTime() < until) {
                Thread.onSpinWait();
              }
              ended.set(true);
            }
          }
        };
    JobRunner runner = new JobRunner("test", List.of(slow), null);
    runner.start();
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    runner.close();
    assertThat(ended).as("the pass had ended when close returned").isTrue();
  }
}
