package dev.opsmcp.common.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void sign_matchesTheStandardWebhooksReferenceVector() {
    assertThat(
            WebhookSignature.headers(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        .containsEntry("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
        .containsEntry("webhook-timestamp", "1614265330");
  }

  @Test
  void newSecret_isValid_andBadSecretsAreRefused() {
    assertThat(WebhookSignature.validSecret(WebhookSignature.newSecret())).startsWith("whsec_");
    assertThatThrownBy(() -> WebhookSignature.validSecret("secret")).hasMessageContaining("whsec_");
    assertThatThrownBy(() -> WebhookSignature.validSecret("whsec_AAAA"))
        .hasMessageContaining("16 bytes");
  }

  @Test
  void slackChannels_arePacedOneASecond_webhooksAreNot() {
    ChannelPacing pacing = new ChannelPacing();
    long t = 1_000_000_000L;
    assertThat(pacing.reserve("ch_s", Channel.SLACK, t)).isZero();
    assertThat(pacing.reserve("ch_s", Channel.SLACK, t + 200_000_000L))
        .isEqualTo(Duration.ofMillis(800));
    assertThat(pacing.reserve("ch_other", Channel.SLACK, t)).isZero();
    assertThat(pacing.reserve("ch_s", Channel.SLACK, t + 1_000_000_000L)).isZero();
    assertThat(pacing.reserve("ch_w", Channel.WEBHOOK, t)).isZero();
    assertThat(pacing.reserve("ch_w", Channel.WEBHOOK, t)).isZero();
  }
}
