package dev.opsmcp.monitoring.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenMaskTest {
  @Test
  void masksEachKindOfVariable() {
    assertThat(TokenMask.mask("42")).isEqualTo("<NUM>");
    assertThat(TokenMask.mask("-3.5")).isEqualTo("<NUM>");
    assertThat(TokenMask.mask("99%")).isEqualTo("<NUM>");
    assertThat(TokenMask.mask("123e4567-e89b-12d3-a456-426614174000")).isEqualTo("<UUID>");
    assertThat(TokenMask.mask("10.0.12.7")).isEqualTo("<IP>");
    assertThat(TokenMask.mask("10.0.12.7:5432")).isEqualTo("<IP>");
    assertThat(TokenMask.mask("fe80::1ff:fe23:4567:890a")).isEqualTo("<IP>");
    assertThat(TokenMask.mask("0x7f3a")).isEqualTo("<HEX>");
    assertThat(TokenMask.mask("9f86d081884c7d65")).isEqualTo("<HEX>");
    assertThat(TokenMask.mask("250ms")).isEqualTo("<DUR>");
    assertThat(TokenMask.mask("1.5s")).isEqualTo("<DUR>");
    assertThat(TokenMask.mask("12:30:01")).isEqualTo("<TIME>");
    assertThat(TokenMask.mask("/var/lib/data/part-0001")).isEqualTo("<PATH>");
    assertThat(TokenMask.mask("/api/orders/42")).isEqualTo("<PATH>");
    assertThat(TokenMask.mask("req-8f3a2")).isEqualTo("<ID>");
  }

  @Test
  void keepsWords_masksOnlyTheValueOfKeyValue_andKeepsPunctuation() {
    assertThat(TokenMask.mask("timeout")).isEqualTo("timeout");
    assertThat(TokenMask.mask("ERROR")).isEqualTo("ERROR");
    assertThat(TokenMask.mask("user_id=8812")).isEqualTo("user_id=<NUM>");
    assertThat(TokenMask.mask("took=250ms,")).isEqualTo("took=<DUR>,");
    assertThat(TokenMask.mask("(42)")).isEqualTo("(<NUM>)");
    assertThat(TokenMask.mask("42:")).isEqualTo("<NUM>:");
  }
}
