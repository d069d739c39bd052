package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void allowsABurstOfTheLimit_thenAsksToWait_thenRefills() {
    RateLimiter limiter = new RateLimiter(60); // one a second
    long t = 0;
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.acquire("k", t)).isZero();
    }
    assertThat(limiter.acquire("k", t)).isEqualTo(1);
    assertThat(limiter.acquire("other", t)).isZero();
    assertThat(limiter.acquire("k", t + 1_000_000_000L)).isZero();
  }
}
