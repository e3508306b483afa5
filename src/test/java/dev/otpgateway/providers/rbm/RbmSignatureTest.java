package dev.otpgateway.providers.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RbmSignature} against published vectors. RBM publishes no signed example, so the primitive
 * is held to RFC 4231 (HMAC-SHA-512 test cases 1 and 2, whose keys are text), and the whole scheme
 * to an event shaped like the "Receive events" guide's DELIVERED example, signed with the webhook
 * guide's example client token by two independent implementations (Python's hmac and {@code openssl
 * dgst -sha512 -hmac}).
 */
class RbmSignatureTest {
  private static final String DOCS_EVENT =
      "{\"senderPhoneNumber\":\"+12025550123\",\"eventType\":\"DELIVERED\","
          + "\"eventId\":\"MxIgT-4pWCQu2tH9hMkSTljQ\","
          + "\"messageId\":\"2fe68d7e-d689-8b2d-99e8-9c7fc1000000\","
          + "\"sendTime\":\"2025-03-05T18:50:19.386436Z\","
          + "\"agentId\":\"acme-otp-agent@rbm.goog\"}";
  private static final String DOCS_SIGNATURE =
      "6qWvspgZg1HgIJ2yn6Dpf94zYcTdlGKzz+Tua8+yscZprBdYd44homMvM/3OSpv94ScXS3mV6dF0cXU/IAZhsg==";

  static Stream<Arguments> rfc4231() {
    return Stream.of(
        Arguments.of(
            1,
            "\u000b".repeat(20),
            "Hi There",
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
        Arguments.of(
            2,
            "Jefe",
            "what do ya want for nothing?",
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
  }

  @ParameterizedTest(name = "RFC 4231 test case {0}")
  @MethodSource("rfc4231")
  void computes_the_rfc_4231_hmac_sha512_in_base64(
      int testCase, String key, String data, String expectedHex) {
    String expected = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(expectedHex));
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);

    assertThat(new RbmSignature(key).sign(bytes)).isEqualTo(expected);
    assertThat(new RbmSignature(key).verifies(bytes, expected)).isTrue();
  }

  @Test
  void signs_a_documented_event_as_independent_implementations_do() {
    RbmSignature signature = new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN);
    byte[] event = DOCS_EVENT.getBytes(StandardCharsets.UTF_8);

    assertThat(signature.sign(event)).isEqualTo(DOCS_SIGNATURE);
    assertThat(signature.verifies(event, DOCS_SIGNATURE)).isTrue();
  }

  @Test
  void refuses_another_event_another_token_and_a_header_that_is_not_base64() {
    byte[] event = DOCS_EVENT.getBytes(StandardCharsets.UTF_8);
    byte[] other = DOCS_EVENT.replace("DELIVERED", "READ").getBytes(StandardCharsets.UTF_8);

    assertThat(new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN).verifies(other, DOCS_SIGNATURE))
        .isFalse();
    assertThat(new RbmSignature("another-token").verifies(event, DOCS_SIGNATURE)).isFalse();
    assertThat(new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN).verifies(event, "not base64!"))
        .isFalse();
    assertThat(new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN).verifies(event, "")).isFalse();
  }

  @Test
  void signs_the_decoded_event_not_the_base64_text_of_it() {
    RbmSignature signature = new RbmSignature(RbmTestAgent.WEBHOOK_TOKEN);
    byte[] encoded = Base64.getEncoder().encode(DOCS_EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(signature.verifies(encoded, DOCS_SIGNATURE)).isFalse();
  }

  @Test
  void an_empty_client_token_is_refused_at_construction() {
    assertThatThrownBy(() -> new RbmSignature(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client token");
  }
}
