package dev.otpgateway.providers.twilio.simulated;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the simulated Twilio's webhooks as Twilio signs its own, from Twilio's published scheme
 * ({@code https://www.twilio.com/docs/usage/security#validating-requests}): {@code
 * X-Twilio-Signature} is Base64(HMAC-SHA1(auth token, the URL exactly as configured, then each POST
 * parameter's name and value, sorted by name)).
 *
 * <p>Written from the document, apart from the adapter's verifier on purpose: the contract test is
 * only a check of the adapter if the two sides do not share the code that could be wrong.
 */
final class TwilioRequestSigner {
  private static final String HMAC_SHA1 = "HmacSHA1";

  private final SecretKeySpec key;

  TwilioRequestSigner(String authToken) {
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
  }

  String sign(String url, Map<String, String> params) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> signed.append(name).append(value));
    try {
      Mac mac = Mac.getInstance(HMAC_SHA1);
      mac.init(key);
      byte[] digest = mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }
}
