package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionBindingTest {
  static final String OWNER = "API_KEY\nacme\nkey_1";

  @Test
  void aBoundId_unbindsForItsOwnerOnly() {
    SessionBinding binding = new SessionBinding();
    String bound = binding.bind("3f2c-uuid", OWNER);

    assertThat(bound).startsWith("3f2c-uuid.").matches("[\\x21-\\x7e]+");
    assertThat(binding.unbind(bound, OWNER)).isEqualTo("3f2c-uuid");
    assertThat(binding.unbind(bound, "API_KEY\nacme\nkey_2")).isNull();
    assertThat(binding.unbind(bound, "API_KEY\nother\nkey_1")).isNull();
    assertThat(binding.unbind("3f2c-uuid", OWNER)).isNull();
    assertThat(binding.unbind("other-uuid" + bound.substring(bound.indexOf('.')), OWNER)).isNull();
  }

  @Test
  void anotherServersBinding_doesNotVerify() {
    String bound = new SessionBinding().bind("3f2c-uuid", OWNER);

    assertThat(new SessionBinding().unbind(bound, OWNER)).isNull();
  }
}
