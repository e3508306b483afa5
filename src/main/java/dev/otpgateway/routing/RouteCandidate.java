package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A provider and channel to try, in the order of {@link RouteDecision#candidates()}.
 *
 * @param provider the provider's id
 * @param channel the channel to send on
 * @param senderId the sender to use in this region
 * @param templateId the registered template, where the region requires one; else {@code null}
 * @param unitPriceUsd price per segment (SMS) or per message (RCS) at the current volume tier
 * @param estimatedCostUsd what this message should cost: unit price times billable units
 * @param expectedLatencyMs expected time to delivery, the rules' figure blended with observations
 * @param carbonGrams estimated g CO2e of this message
 * @param successEstimate the success rate the quality score used: the conversion estimate when
 *     conversions score quality, else the delivery success rate receipts show (with a prior)
 * @param conversion what the conversion estimate was made of, or null when receipts score quality
 * @param deliveryTimeout how long to wait for a delivery receipt before trying the next candidate
 * @param score the weighted score parts and total; lower is better
 */
public record RouteCandidate(
    String provider,
    Channel channel,
    String senderId,
    String templateId,
    BigDecimal unitPriceUsd,
    BigDecimal estimatedCostUsd,
    long expectedLatencyMs,
    double carbonGrams,
    double successEstimate,
    ConversionEstimate conversion,
    Duration deliveryTimeout,
    ScoreBreakdown score) {

  /** Requires every part except {@code templateId} and {@code conversion}. */
  public RouteCandidate {
    if (provider == null
        || channel == null
        || senderId == null
        || unitPriceUsd == null
        || estimatedCostUsd == null
        || deliveryTimeout == null
        || score == null) {
      throw new IllegalArgumentException(
          "every candidate field except templateId and conversion must be set");
    }
  }

  /** Always {@code USD}: the rules price in US dollars. */
  public String currency() {
    return Money.CURRENCY;
  }
}
