package dev.otpgateway.providers.twilio;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Our reference travels in the {@code StatusCallback} URL as a {@code ref} query parameter. Twilio
 * has no client-reference field on a Message, but the signature of every status callback covers the
 * full URL, so the reference that comes back is the one we sent.
 */
final class TwilioCallbackUrl {
  static final String REFERENCE_PARAM = "ref";

  private TwilioCallbackUrl() {}

  /**
   * The callback URL for one message: {@code callbackUrl} with {@code ref=<reference>} added.
   *
   * @throws IllegalArgumentException when {@code callbackUrl} has a query the verifier could not
   *     read back unambiguously (malformed, or naming a {@code ref} already)
   */
  static String withReference(String callbackUrl, String reference) {
    if (referenceOf(callbackUrl).isPresent()) {
      throw new IllegalArgumentException("the callback URL already names a " + REFERENCE_PARAM);
    }
    char separator = callbackUrl.indexOf('?') < 0 ? '?' : '&';
    return callbackUrl + separator + REFERENCE_PARAM + "=" + FormEncoding.component(reference);
  }

  /**
   * The reference in a signed callback URL, if it names one.
   *
   * @throws IllegalArgumentException when the URL or its query is malformed
   */
  static Optional<String> referenceOf(String url) {
    String query = URI.create(url).getRawQuery();
    Map<String, String> params = FormEncoding.decode(query);
    return Optional.ofNullable(params.get(REFERENCE_PARAM)).filter(ref -> !ref.isEmpty());
  }
}
