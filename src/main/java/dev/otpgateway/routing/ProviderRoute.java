package dev.otpgateway.routing;

import java.util.Map;

/**
 * How one provider is used in one region (the entries under a region's {@code providers:}).
 *
 * @param provider the provider's id
 * @param senderId what the message is sent from there: a number, short code, alphanumeric sender or
 *     RBM agent ({@code sender_id})
 * @param templateId the registered message template, where the region requires registration (e.g.
 *     India's DLT); {@code null} when none ({@code template_id})
 * @param senderRegistered whether {@code senderId} is registered with the regulator for this
 *     provider ({@code sender_registered})
 * @param expectedLatencyMs expected time from send to delivery receipt, before observations ({@code
 *     latency_ms})
 * @param prices price list per channel ({@code prices}); SMS per segment, RCS per message
 */
public record ProviderRoute(
    String provider,
    String senderId,
    String templateId,
    boolean senderRegistered,
    long expectedLatencyMs,
    Map<Channel, PriceSchedule> prices) {

  /** Validates the sender, the latency and that there is at least one price list. */
  public ProviderRoute {
    prices = Copies.enumMap(Channel.class, prices);
    Violations v = new Violations();
    v.requireText(senderId, "sender_id");
    if (templateId != null && templateId.isBlank()) {
      v.add("must not be empty when given", "template_id");
    }
    v.requirePositive(expectedLatencyMs, "latency_ms");
    if (prices.isEmpty()) {
      v.add("must give a price list for at least one channel", "prices");
    }
    v.throwIfAny();
  }

  /**
   * Whether this route satisfies a sender-registration requirement: a registered sender id and a
   * registered template, since a regulator filtering on both drops a message missing either.
   */
  public boolean isRegistered() {
    return senderRegistered && templateId != null;
  }
}
