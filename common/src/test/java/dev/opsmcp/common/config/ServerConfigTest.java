package dev.opsmcp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  static ServerConfig config(Map<String, String> env) {
    return ServerConfig.fromEnv(new Env(env), "messaging", "OPSMCP_MESSAGING_PORT", 9004);
  }

  @Test
  void resourceUrl_isTheBoundAddress_neverAWildcard() {
    assertThat(config(Map.of()).resourceUrl(41234)).isEqualTo("http://127.0.0.1:41234");
    assertThat(config(Map.of("OPSMCP_HOST", "::1")).resourceUrl(9004))
        .isEqualTo("http://[::1]:9004");
    assertThat(config(Map.of("OPSMCP_HOST", "0.0.0.0")).resourceUrl(9004))
        .doesNotContain("0.0.0.0")
        .endsWith(":9004");
    assertThat(config(Map.of("OPSMCP_HOST", "::")).resourceUrl(9004)).doesNotContain("[::]");
  }

  @Test
  void resourceUrl_isThePublicUrl_whenConfigured() {
    assertThat(
            config(Map.of("OPSMCP_PUBLIC_URL_MESSAGING", "https://ops.example.com"))
                .resourceUrl(9004))
        .isEqualTo("https://ops.example.com");
  }

  @Test
  void authFailureLimit_isRead_andChecked() {
    assertThat(config(Map.of()).authFailuresPerMinute()).isEqualTo(60);
    assertThat(config(Map.of("OPSMCP_AUTH_FAILURES_PER_MINUTE", "5")).authFailuresPerMinute())
        .isEqualTo(5);
  }

  @Test
  void replicaPrefix_isEmptyByDefault_readAndChecked() {
    assertThat(config(Map.of()).replicaPrefix()).isEmpty();
    assertThat(config(Map.of("OPSMCP_REPLICA_PREFIX", "/r1")).replicaPrefix()).isEqualTo("/r1");
    assertThat(config(Map.of("OPSMCP_REPLICA_PREFIX", "/eu/r-2")).replicaPrefix())
        .isEqualTo("/eu/r-2");
    for (String bad : new String[] {"r1", "/r1/", "/r 1", "/r1?x=1", "//r1", "/r1#"}) {
      assertThatThrownBy(() -> config(Map.of("OPSMCP_REPLICA_PREFIX", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("OPSMCP_REPLICA_PREFIX")
          .hasMessageContaining("e.g. /r1");
    }
  }
}
