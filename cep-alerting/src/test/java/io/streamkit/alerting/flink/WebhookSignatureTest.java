package io.streamkit.alerting.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void theSignatureIsTheHmacSha256OfTheBody() {
    // RFC 2104 HMAC-SHA256 of the well-known example (key "key").
    assertThat(
            HttpChannel.signature(
                HttpChannel.key("key"), "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void anotherSecretOrAChangedBodyGivesAnotherSignature() {
    String signed = HttpChannel.signature(HttpChannel.key("s3cret"), "{\"rule\":\"lag\"}");
    assertThat(HttpChannel.signature(HttpChannel.key("other"), "{\"rule\":\"lag\"}"))
        .isNotEqualTo(signed);
    assertThat(HttpChannel.signature(HttpChannel.key("s3cret"), "{\"rule\":\"lag2\"}"))
        .isNotEqualTo(signed);
  }

  @Test
  void settingsNeverShowTheSecret() {
    assertThat(
            new NotificationSink.ChannelSettings(null, "t", "http://x", "s3cret", null, 1)
                .toString())
        .doesNotContain("s3cret");
  }
}
