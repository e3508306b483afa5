package dev.otpgateway.providers.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature, {@code X-Twilio-Signature}: Base64(HMAC-SHA1(auth token, the full URL
 * followed by every POST parameter's name and value, sorted by name)). Twilio's documentation
 * ({@code https://www.twilio.com/docs/usage/security#validating-requests}) and its SDK's {@code
 * com/twilio/security/RequestValidator.java} check the URL both with and without an explicit
 * default port, because Twilio's signing side is inconsistent about it; so does {@link #matches}.
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
    List<String> names = new ArrayList<>(params.keySet());
    Collections.sort(names);
    for (String name : names) {
      String value = params.get(name);
      data.append(name).append(value == null ? "" : value);
    }
    try {
      Mac mac = Mac.getInstance(HMAC_SHA1);
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }

  /**
   * Whether {@code signature} signs this request, with the URL as given, with its default port
   * added, or with its port removed. Compares in constant time.
   */
  public boolean matches(String url, Map<String, String> params, String signature) {
    if (signature == null || signature.isEmpty()) {
      return false;
    }
    byte[] given = signature.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (String variant : portVariants(url)) {
      // No early exit: every variant costs the same, whichever one matches.
      match |= MessageDigest.isEqual(sign(variant, params).getBytes(StandardCharsets.UTF_8), given);
    }
    return match;
  }

  /**
   * The URL as given, with the scheme's default port, and without any port. Built from the raw
   * components, so percent-encoding is kept exactly as Twilio saw it.
   */
  static List<String> portVariants(String url) {
    List<String> variants = new ArrayList<>(3);
    variants.add(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return variants;
    }
    if (uri.getHost() == null || uri.getRawAuthority() == null) {
      return variants;
    }
    int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    String withPort = withAuthorityPort(uri, uri.getPort() == -1 ? defaultPort : uri.getPort());
    String withoutPort = withAuthorityPort(uri, -1);
    for (String variant : List.of(withPort, withoutPort)) {
      if (!variants.contains(variant)) {
        variants.add(variant);
      }
    }
    return variants;
  }

  private static String withAuthorityPort(URI uri, int port) {
    StringBuilder rebuilt = new StringBuilder();
    rebuilt.append(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      rebuilt.append(uri.getRawUserInfo()).append('@');
    }
    rebuilt.append(uri.getHost());
    if (port != -1) {
      rebuilt.append(':').append(port);
    }
    String prefix = uri.getScheme() + "://" + uri.getRawAuthority();
    String rest = uri.toString().substring(prefix.length());
    return rebuilt.append(rest).toString();
  }
}
