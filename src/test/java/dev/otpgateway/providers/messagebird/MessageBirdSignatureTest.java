package dev.otpgateway.providers.messagebird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpgateway.providers.WebhookRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MessageBirdSignature} against every case of MessageBird's published {@code
 * webhook-signature-jwt} test file (see the README beside it), then the refusals the file doesn't
 * cover.
 */
class MessageBirdSignatureTest {
  private static final String SECRET =
      "36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb";
  private static final Instant NOW = Instant.parse("2021-07-05T10:00:00Z");
  private static final String URL = "https://gateway.example.com/webhooks/messagebird";

  static Stream<Arguments> publishedCases() throws IOException {
    JsonArray cases =
        new JsonArray(
            Files.readString(
                Path.of(
                    "src/test/resources/providers/messagebird/webhook-signature-jwt-reference.json")));
    assertThat(cases).hasSize(44);
    return cases.stream()
        .map(JsonObject.class::cast)
        .map(c -> Arguments.of(c.getString("name"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedCases")
  void verifies_like_messagebird_published_cases(String name, JsonObject testCase) {
    // The "none" case has no secret: any key must refuse it before looking at the signature.
    MessageBirdSignature signature = new MessageBirdSignature(testCase.getString("secret", "x"));
    Instant now = OffsetDateTime.parse(testCase.getString("timestamp")).toInstant();
    String payload = testCase.getString("payload");
    byte[] body = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);

    if (testCase.getBoolean("valid")) {
      assertThatCode(
              () ->
                  signature.verify(
                      testCase.getString("token"), testCase.getString("url"), body, now))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(
              () ->
                  signature.verify(
                      testCase.getString("token"), testCase.getString("url"), body, now))
          .isInstanceOfSatisfying(
              WebhookRejectedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.getMessage()).isEqualTo(testCase.getString("reason"));
              });
    }
  }

  @Test
  void what_it_signs_it_verifies_with_the_claims_messagebird_sends() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    byte[] body = "id=abc&status=delivered".getBytes(StandardCharsets.UTF_8);
    String token = signature.sign(URL, body, NOW, NOW.plusSeconds(60), "jti-1");

    MessageBirdSignature.Claims claims = signature.verify(token, URL, body, NOW.plusSeconds(30));

    assertThat(claims.jti()).isEqualTo("jti-1");
    assertThat(claims.expires()).isEqualTo(NOW.plusSeconds(60));
    JsonObject payload = payloadOf(token);
    assertThat(payload.fieldNames())
        .containsExactlyInAnyOrder("iss", "nbf", "exp", "jti", "url_hash", "payload_hash");
    assertThat(payload.getString("iss")).isEqualTo("MessageBird");
    assertThat(headerOf(token).getString("alg")).isEqualTo("HS256");
  }

  @Test
  void a_request_without_body_is_signed_without_payload_hash() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    String token = signature.sign(URL + "?id=1", null, NOW, NOW.plusSeconds(60), "jti-2");

    assertThat(payloadOf(token).containsKey("payload_hash")).isFalse();
    assertThatCode(() -> signature.verify(token, URL + "?id=1", new byte[0], NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void allows_a_few_seconds_of_clock_skew_and_no_more() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    String token = signature.sign(URL, null, NOW, NOW.plusSeconds(60), "jti-3");

    assertThatCode(() -> signature.verify(token, URL, null, NOW.minusSeconds(4)))
        .doesNotThrowAnyException();
    assertThatCode(() -> signature.verify(token, URL, null, NOW.plusSeconds(64)))
        .doesNotThrowAnyException();
    assertRefused(() -> signature.verify(token, URL, null, NOW.minusSeconds(6)), "nbf");
    assertRefused(() -> signature.verify(token, URL, null, NOW.plusSeconds(66)), "exp");
  }

  @Test
  void refuses_alg_none_even_with_a_valid_looking_signature() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    String good = signature.sign(URL, null, NOW, NOW.plusSeconds(60), "jti-4");
    String noneHeader = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String forged = noneHeader + good.substring(good.indexOf('.'));

    assertRefused(() -> signature.verify(forged, URL, null, NOW), "signing method none");
  }

  @Test
  void refuses_asymmetric_and_unknown_algorithms() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    String good = signature.sign(URL, null, NOW, NOW.plusSeconds(60), "jti-5");
    for (String alg : new String[] {"RS256", "ES256", "PS256", "HS1", "hs256"}) {
      String header = base64Url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
      String forged = header + good.substring(good.indexOf('.'));
      assertRefused(() -> signature.verify(forged, URL, null, NOW), "signing method");
    }
  }

  @Test
  void refuses_malformed_tokens() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    for (String token :
        new String[] {"", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.", "W10.W10.AAAA"}) {
      assertRefused(() -> signature.verify(token, URL, null, NOW), "");
    }
  }

  @Test
  void refuses_a_token_from_another_issuer_or_without_jti() {
    MessageBirdSignature signature = new MessageBirdSignature(SECRET);
    assertRefused(
        () -> signature.verify(resigned("{\"iss\":\"Mallory\"}"), URL, null, NOW), "claim iss");
    assertRefused(() -> signature.verify(resigned("{\"jti\":null}"), URL, null, NOW), "claim jti");
  }

  @Test
  void refuses_everything_when_no_signing_key_is_configured() {
    String token = new MessageBirdSignature(SECRET).sign(URL, null, NOW, NOW.plusSeconds(60), "j");

    assertRefused(
        () -> new MessageBirdSignature("").verify(token, URL, null, NOW), "no signing key");
  }

  /** A token for URL signed with SECRET whose claims are overridden by {@code overrides}. */
  private static String resigned(String overrides) {
    JsonObject claims =
        new JsonObject()
            .put("iss", "MessageBird")
            .put("nbf", NOW.getEpochSecond())
            .put("exp", NOW.plus(Duration.ofMinutes(1)).getEpochSecond())
            .put("jti", "jti-6")
            .put("url_hash", MessageBirdSignature.sha256Hex(URL.getBytes(StandardCharsets.UTF_8)))
            .mergeIn(new JsonObject(overrides));
    String input =
        base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims.encode());
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input
          + "."
          + Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reasonPart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.getMessage()).contains(reasonPart);
            });
  }

  private static JsonObject headerOf(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  private static JsonObject payloadOf(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
