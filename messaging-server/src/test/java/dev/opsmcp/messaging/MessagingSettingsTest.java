package dev.opsmcp.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.config.ConfigException;
import dev.opsmcp.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagingSettingsTest {
  @Test
  void withSessions_aWaitMayLastTenMinutes_defaultingTo50Seconds() {
    MessagingSettings s = MessagingSettings.fromEnv(new Env(Map.of()));
    assertThat(s.waitFor(null)).isEqualTo(Duration.ofSeconds(50));
    assertThat(s.waitFor(3_600)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void statelessHttp_capsEveryWaitUnderAClientsRequestTimeout_unlessTheOperatorSetsIt() {
    Env stateless = new Env(Map.of("OPSMCP_MCP_STATELESS", "true"));
    assertThat(MessagingSettings.fromEnv(stateless).waitFor(600)).isEqualTo(Duration.ofSeconds(50));
    Env chosen = stateless.with(Map.of("OPSMCP_MESSAGING_MAX_WAIT_SECONDS", "120"));
    assertThat(MessagingSettings.fromEnv(chosen).waitFor(600)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aStatelessSettingThatIsNotABoolean_isRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> MessagingSettings.fromEnv(new Env(Map.of("OPSMCP_MCP_STATELESS", "yes"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OPSMCP_MCP_STATELESS=yes must be true or false");
  }
}
