package dev.otpgateway.providers.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request as Twilio signs its webhooks, {@code X-Twilio-Signature}: Base64(HMAC-SHA1(auth
 * token, the full URL followed by every POST parameter's name and value, sorted by name)), per
 * {@code https://www.twilio.com/docs/usage/security#validating-requests}. Only the built-in
 * simulator signs; the gateway verifies what it receives with the SDK's own {@code
 * com.twilio.security.RequestValidator} ({@link TwilioReceiptVerifier}), which exposes no signing
 * method, and a test holds the two together on Twilio's published vectors.
 */
public final class TwilioSignature {
  private static final String HMAC_SHA1 = "HmacSHA1";

  private final SecretKeySpec key;

  public TwilioSignature(String authToken) {
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
  }

  /** The signature Twilio puts on a request to {@code url} carrying these POST parameters. */
  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance(HMAC_SHA1);
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }
}
