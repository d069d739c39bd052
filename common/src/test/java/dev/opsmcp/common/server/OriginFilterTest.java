package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginFilterTest {
  @Test
  void loopbackAndListedOrigins_pass_othersDoNot() {
    OriginFilter filter = new OriginFilter(List.of("https://ops.example.com/"));
    assertThat(filter.permitted("http://localhost:5173")).isTrue();
    assertThat(filter.permitted("http://127.0.0.1:9004")).isTrue();
    assertThat(filter.permitted("http://[::1]:9004")).isTrue();
    assertThat(filter.permitted("https://ops.example.com")).isTrue();
    assertThat(filter.permitted("https://evil.example")).isFalse();
    assertThat(filter.permitted("http://localhost.evil.example")).isFalse();
    assertThat(filter.permitted("null")).isFalse();
  }
}
