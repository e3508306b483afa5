package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import dev.otpgateway.providers.WebhookRejectedException;
import dev.otpgateway.providers.WebhookRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's Twilio signature checking ({@link TwilioReceiptVerifier}, on the SDK's {@code
 * RequestValidator}) and the simulator's signer ({@link TwilioSignature}) against the vectors
 * Twilio publishes in twilio-java's {@code
 * src/test/java/com/twilio/security/RequestValidatorTest.java} (auth token {@code 12345}). The
 * body-hash variant ({@code bodySHA256} in the URL, for JSON webhooks) is left out: status
 * callbacks are always form posts, signed over their parameters.
 */
class TwilioSignatureTest {
  private static final String TOKEN = "12345";
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> PARAMS =
      Map.of(
          "Digits", "1234",
          "CallSid", "CA1234567890ABCDE",
          "To", "+18005551212",
          "Caller", "+14158675309",
          "From", "+14158675309");

  private final TwilioSignature signature = new TwilioSignature(TOKEN);
  private final TwilioReceiptVerifier verifier =
      new TwilioReceiptVerifier(TOKEN, java.time.Clock.systemUTC());

  /** Whether the gateway takes a status callback to {@code url} with these parameters. */
  private boolean accepted(String url, Map<String, String> params, String given) {
    Map<String, String> headers = new HashMap<>();
    if (given != null) {
      headers.put(TwilioReceiptVerifier.SIGNATURE_HEADER, given);
    }
    try {
      verifier.verify(
          new WebhookRequest(
              "POST",
              url,
              headers,
              FormEncoding.encode(params).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return true;
    } catch (WebhookRejectedException e) {
      return false;
    }
  }

  static Stream<Arguments> publishedVectors() {
    Map<String, String> special = new HashMap<>();
    special.put("Message", "Hello & goodbye! @#$%^*()");
    special.put("From", "+1 (415) 867-5309");
    special.put("Special", "unicode: ñáéíóú");
    Map<String, String> emptyValues = new HashMap<>();
    emptyValues.put("Digits", "");
    emptyValues.put("CallSid", "CA1234567890ABCDE");
    emptyValues.put("EmptyParam", "");
    Map<String, String> unsorted = new HashMap<>();
    unsorted.put("Zebra", "last");
    unsorted.put("Alpha", "first");
    unsorted.put("Beta", "second");
    unsorted.put("Gamma", "third");
    Map<String, String> caseSensitive = new HashMap<>();
    caseSensitive.put("callSid", "lowercase");
    caseSensitive.put("CallSid", "uppercase");
    caseSensitive.put("CALLSID", "allcaps");
    return Stream.of(
        Arguments.of("the published example", URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Arguments.of(
            "https with a port, signed without it",
            URL.replace(".com", ".com:1234"),
            PARAMS,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Arguments.of(
            "http with a port, signed with it",
            URL.replace(".com", ".com:1234").replace("https", "http"),
            PARAMS,
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
        Arguments.of(
            "https without a port, signed with 443", URL, PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w="),
        Arguments.of(
            "http without a port, signed with 80",
            URL.replace("https", "http"),
            PARAMS,
            "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        Arguments.of("no parameters", URL, Map.of(), "zYQTYrRWXE7LtzbG4PfP7/bkkGo="),
        Arguments.of(
            "no query string",
            "https://mycompany.com/myapp.php",
            PARAMS,
            "1xaxFBvyzXYvWplzNOSs28HWO94="),
        Arguments.of(
            "every query parameter is signed",
            URL + "&type=thiswontbeusedinthesignaturegeneratorandsoshouldbeignored",
            PARAMS,
            "hYkNsTBttoNGkyCS0p+wWmQoRTg="),
        Arguments.of(
            "percent-encoded query kept as sent",
            "https://mycompany.com/myapp.php?foo=hello%20world&bar=test%2Bvalue",
            PARAMS,
            "er2tvAP1Wx+iuTTE2BPgvEaN1cs="),
        Arguments.of("special characters in values", URL, special, "dCPiR4WtQ6QFN6pJh81CtlCcWLQ="),
        Arguments.of("empty values", URL, emptyValues, "9HHp/OqQMEwdrVebHDdA/+tqjX8="),
        Arguments.of("names sorted", URL, unsorted, "enveUe73ZTVLAekHxez3Qx6JuuQ="),
        Arguments.of(
            "international characters in the URL",
            "https://mycompany.com/webhook/España?año=2023",
            PARAMS,
            "G/Hx6mqqnjUNlPAoi2Sp9bGst0g="),
        Arguments.of(
            "names are case sensitive", URL, caseSensitive, "jDK7WKT8wiNrwggd4ceTv4e1MJ4="),
        Arguments.of(
            "an odd URL signed as it is",
            "https://mycompany.com:443//myapp.php?foo=1&bar=2",
            PARAMS,
            "A9lH3u16NjyiiM/+wylw5rirFUs="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedVectors")
  void the_gateway_accepts_the_published_vector(
      String description, String url, Map<String, String> params, String expected) {
    assertThat(accepted(url, params, expected)).isTrue();
  }

  @Test
  void signs_the_published_example_exactly() {
    assertThat(signature.sign(URL, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  }

  @Test
  void refuses_a_wrong_empty_or_missing_signature() {
    assertThat(accepted(URL, PARAMS, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    assertThat(accepted(URL, PARAMS, "IncorrectSignatureValue123=")).isFalse();
    assertThat(accepted(URL, PARAMS, "")).isFalse();
    assertThat(accepted(URL, PARAMS, null)).isFalse();
  }

  @Test
  void refuses_a_signature_made_with_another_token() {
    String forged = new TwilioSignature("54321").sign(URL, PARAMS);

    assertThat(accepted(URL, PARAMS, forged)).isFalse();
  }

  @Test
  void refuses_a_changed_url_or_parameter() {
    String signed = signature.sign(URL, PARAMS);
    Map<String, String> changed = new HashMap<>(PARAMS);
    changed.put("To", "+18005551213");

    assertThat(accepted(URL.replace("foo=1", "foo=2"), PARAMS, signed)).isFalse();
    assertThat(accepted(URL, changed, signed)).isFalse();
  }

  @Test
  void the_simulators_signatures_pass_the_sdks_validator() {
    Random random = new Random(42);
    RequestValidator sdk = new RequestValidator("9f0c5c1d2b7e4a6f8d3e1b0a7c6d5e4f");
    TwilioSignature ours = new TwilioSignature("9f0c5c1d2b7e4a6f8d3e1b0a7c6d5e4f");
    for (int i = 0; i < 200; i++) {
      String url =
          (random.nextBoolean() ? "https" : "http")
              + "://gw"
              + random.nextInt(9)
              + ".example.com"
              + (random.nextBoolean() ? ":" + (1024 + random.nextInt(6000)) : "")
              + "/webhooks/twilio?ref=ver_"
              + Long.toHexString(random.nextLong())
              + ".1";
      Map<String, String> params = new LinkedHashMap<>();
      params.put("MessageSid", "SM" + Long.toHexString(random.nextLong()));
      params.put("MessageStatus", random.nextBoolean() ? "delivered" : "undelivered");
      params.put("To", "+1202555" + (1000 + random.nextInt(9000)));
      params.put("Body", "code " + random.nextInt(1_000_000) + " & more=ü");

      String signed = ours.sign(url, params);

      assertThat(sdk.validate(url, params, signed)).as(url).isTrue();
    }
  }
}
