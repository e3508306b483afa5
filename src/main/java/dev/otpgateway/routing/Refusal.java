package dev.otpgateway.routing;

/**
 * Why the request is refused as a whole.
 *
 * @param code the stable code
 * @param detail one human sentence, fit for a problem+json {@code detail}
 */
public record Refusal(RefusalCode code, String detail) {

  /** Requires both parts. */
  public Refusal {
    if (code == null || detail == null) {
      throw new IllegalArgumentException("code and detail must be set");
    }
  }
}
