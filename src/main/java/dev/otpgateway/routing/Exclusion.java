package dev.otpgateway.routing;

/**
 * A provider and channel that will not be tried for this message, and why.
 *
 * @param provider the provider's id
 * @param channel the channel it was excluded on
 * @param reason the stable reason code
 * @param detail one human sentence with the specifics, e.g. which residency zone was required
 */
public record Exclusion(String provider, Channel channel, ExclusionReason reason, String detail) {

  /** Requires every part. */
  public Exclusion {
    if (provider == null || channel == null || reason == null || detail == null) {
      throw new IllegalArgumentException("provider, channel, reason and detail must be set");
    }
  }
}
